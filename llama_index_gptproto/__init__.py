"""GPTProto for LlamaIndex (see issue 3)."""
