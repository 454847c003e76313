"""Renders the reference templates in templates/ with real Jinja, the way Hugging Face's apply_chat_template
does (transformers/utils/chat_template_utils.py: an ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks
and loop controls; its tojson filter, which is json.dumps with ensure_ascii=False; raise_exception; strftime_now),
and writes goldens.json, which ChatTemplateGoldenTests compares the native renderers with byte for byte.

    python3 render_goldens.py            (needs jinja2 >= 3.1)

strftime_now is pinned to 5 March 2025 so that Llama 3.2's date is reproducible.
"""
import json
import os
from datetime import datetime

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED_NOW = datetime(2025, 3, 5, 10, 30)


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(format):
    return FIXED_NOW.strftime(format)


env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
env.globals["strftime_now"] = strftime_now

# Template file, family, bos_token, eos_token, supports tools in our renderer.
TEMPLATES = [
    ("llama-3-instruct.jinja", "LLAMA_3", "<|begin_of_text|>", "<|eot_id|>", False),
    ("llama-3.3-instruct.jinja", "LLAMA_3_1", "<|begin_of_text|>", "<|eot_id|>", True),
    ("llama-3.2-instruct.jinja", "LLAMA_3_2", "<|begin_of_text|>", "<|eot_id|>", True),
    ("llama-2-chat.jinja", "LLAMA_2", "<s>", "</s>", False),
    ("mistral-7b-instruct-v0.1.jinja", "MISTRAL_V0", "<s>", "</s>", False),
    ("mistral-7b-instruct-v0.2.jinja", "MISTRAL_V1", "<s>", "</s>", False),
    ("mistral-7b-instruct-v0.3.jinja", "MISTRAL_V3", "<s>", "</s>", False),
    ("mistral-nemo-instruct-2407.jinja", "MISTRAL_V3_TEKKEN", "<s>", "</s>", False),
    ("mistral-large-instruct-2411.jinja", "MISTRAL_V7", "<s>", "</s>", False),
    ("chatml.jinja", "CHATML", "<s>", "<|im_end|>", False),
    ("qwen2-instruct.jinja", "QWEN2", None, "<|im_end|>", False),
    ("qwen2.5-instruct.jinja", "QWEN2_5", None, "<|im_end|>", True),
    ("qwen3.jinja", "QWEN3", None, "<|im_end|>", True),
    ("smollm2-instruct.jinja", "SMOLLM2", "<|im_start|>", "<|im_end|>", False),
]

SYSTEM = {"role": "system", "content": "You are a helpful assistant.\n"}
CONVERSATIONS = {
    # (a) one user turn
    "single_user": [{"role": "user", "content": "Hello!"}],
    # (b) system + user + assistant + user, with whitespace the templates treat differently
    "system_multi_turn": [
        SYSTEM,
        {"role": "user", "content": "What is the capital of France? "},
        {"role": "assistant", "content": "  The capital of France is Paris.\n"},
        {"role": "user", "content": "And of Italy?"},
    ],
    "multi_turn_no_system": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Tell me a joke."},
    ],
    "ends_with_assistant": [
        SYSTEM,
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
    ],
    "non_ascii": [{"role": "user", "content": "Grüße, 世界! Ça va? \u00a0"}],
    "roles_not_alternating": [
        {"role": "user", "content": "one"},
        {"role": "user", "content": "two"},
    ],
}

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather in a city, in °C or °F — \"metric\" by default.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1, "maximum": 7.5},
            },
            "required": ["city"],
        },
    },
}
TIME_TOOL = {"type": "function", "function": {"name": "get_time", "description": "Current UTC time",
                                              "parameters": {"type": "object", "properties": {}}}}
TOOLS = [WEATHER_TOOL, TIME_TOOL]

CALL = {"id": "call12345", "type": "function",
        "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}}
TOOL_CONVERSATIONS = {
    "tools_first_turn": [SYSTEM, {"role": "user", "content": "What's the weather in Paris?"}],
    "tools_no_system": [{"role": "user", "content": "What's the weather in Paris?"}],
    "tool_call_and_result": [
        SYSTEM,
        {"role": "user", "content": "What's the weather in Paris?"},
        {"role": "assistant", "content": "", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call12345", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
    ],
    "two_calls_two_results": [
        {"role": "user", "content": "Weather in Paris and the time?"},
        {"role": "assistant", "content": "Let me check.", "tool_calls": [
            CALL,
            {"id": "call67890", "type": "function", "function": {"name": "get_time", "arguments": {}}},
        ]},
        {"role": "tool", "tool_call_id": "call12345", "content": "21 degrees"},
        {"role": "tool", "tool_call_id": "call67890", "content": "12:00"},
    ],
}

THINKING_CONVERSATIONS = {
    "thinking_history": [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "<think>\nThe user greets me.\n</think>\n\nHello!"},
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "<think>\nSimple sum.\n</think>\n\n4"},
    ],
    "thinking_reasoning_content": [
        {"role": "user", "content": "What is 2+2?"},
        {"role": "assistant", "content": "4", "reasoning_content": "\nSimple sum.\n"},
    ],
    "thinking_after_tool": [
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "content": "<think>\nNeed the tool.\n</think>\n\n", "tool_calls": [CALL]},
        {"role": "tool", "tool_call_id": "call12345", "content": "21 degrees"},
    ],
}


def render(template_text, messages, add_generation_prompt, tools, bos, eos, extra):
    template = env.from_string(template_text)
    try:
        return {"expected": template.render(messages=messages, tools=tools, documents=None,
                                            add_generation_prompt=add_generation_prompt, bos_token=bos,
                                            eos_token=eos, **extra)}
    except jinja2.exceptions.TemplateError as e:
        return {"error": str(e)}


def main():
    cases = []
    for file, family, bos, eos, tool_support in TEMPLATES:
        with open(os.path.join(HERE, "templates", file), encoding="utf-8") as f:
            text = f.read()
        plans = [(name, conv, None, {}) for name, conv in CONVERSATIONS.items()]
        if tool_support:
            plans += [(name, conv, TOOLS, {}) for name, conv in TOOL_CONVERSATIONS.items()]
        if family.startswith("LLAMA_3_"):
            plans.append(("date_string_given", CONVERSATIONS["single_user"], None, {"date_string": "01 Jan 2026"}))
        if family == "QWEN3":
            plans += [(name, conv, None, {}) for name, conv in THINKING_CONVERSATIONS.items()]
            plans.append(("thinking_after_tool_with_tools", THINKING_CONVERSATIONS["thinking_after_tool"], TOOLS,
                          {}))
            plans.append(("enable_thinking_false", CONVERSATIONS["single_user"], None, {"enable_thinking": False}))
            plans.append(("enable_thinking_true", CONVERSATIONS["single_user"], None, {"enable_thinking": True}))
        for name, conv, tools, extra in plans:
            for add in (True, False):
                case = {"template": file, "family": family, "case": name, "add_generation_prompt": add,
                        "bos_token": bos or "", "eos_token": eos, "messages": conv, "tools": tools or [],
                        "options": extra}
                case.update(render(text, conv, add, tools, bos, eos, extra))
                cases.append(case)
    with open(os.path.join(HERE, "goldens.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
