import pytest

from gptproto_core.models import known_models, model_info


@pytest.mark.parametrize(
    ("name", "family", "image", "pdf", "reasoning", "method"),
    [
        ("gpt-4o", "openai", True, True, False, "json_schema"),
        ("o3", "openai", True, True, True, "json_schema"),
        ("claude-sonnet-4-5-20250929", "claude", True, True, False, "function_calling"),
        ("claude-opus-4-1-20250805-thinking", "claude", True, True, True, "function_calling"),
        ("gemini-2.5-pro", "gemini", True, True, True, "json_schema"),
        ("grok-4", "grok", True, False, True, "json_schema"),
        ("doubao-1-5-vision-pro-32k-250115", "doubao", True, False, False, "function_calling"),
        ("doubao-1-5-pro-32k-250115", "doubao", False, False, False, "function_calling"),
        ("deepseek-reasoner", "deepseek", False, False, True, "function_calling"),
    ],
)
def test_catalogue_entries(name, family, image, pdf, reasoning, method):
    info = model_info(name)
    assert (info.family, info.image_input, info.pdf_input, info.reasoning) == (
        family,
        image,
        pdf,
        reasoning,
    )
    assert info.structured_output_method == method
    assert info.known


def test_every_documented_family_is_listed():
    names = set(known_models())
    for must in [
        "gpt-4.1-2025-04-14",
        "gpt-5",
        "o4-mini",
        "claude-3-7-sonnet-20250219-thinking",
        "gemini-2.5-flash-image-preview",
        "grok-3",
        "doubao-seed-1-6-250615",
        "deepseek-chat",
    ]:
        assert must in names


def test_image_output_models():
    assert model_info("gemini-2.5-flash-image-preview").image_output
    assert model_info("gpt-4o-image-vip").image_output
    assert not model_info("gpt-4o").image_output


def test_unknown_names_never_raise_and_stay_permissive():
    info = model_info("totally-new-model-9000")
    assert info.family == "unknown" and not info.known
    assert info.image_input and info.pdf_input and info.tool_calling
    assert info.context_window > 0


def test_new_name_in_known_family_inherits_family_and_flags():
    info = model_info("claude-opus-9-thinking")
    assert info.family == "claude" and info.reasoning and info.pdf_input and not info.known
