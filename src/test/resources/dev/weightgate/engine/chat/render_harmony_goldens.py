"""Renders gpt-oss's template (src/main/resources/.../chat/templates/gpt-oss.jinja, as llama.cpp ships it in models/templates/) with real Jinja,
set up as render_goldens.py sets it up, for the conversations where HarmonyTemplate must agree with it byte for
byte, and writes harmony_goldens.json for HarmonyTemplateTests. The cases where HarmonyTemplate follows OpenAI's
harmony guide instead of the template (tool calls, tool results, a developer message without tools) are not here;
HarmonyTemplateTests checks them against the guide's and the harmony library's own renderings. Nor are parameter
defaults: the template writes "x?: number, // default: 1," (a comma after the comment), harmony "x?: number, //
default: 1".

    python3 render_harmony_goldens.py            (needs jinja2 >= 3.1)

strftime_now is pinned to 5 March 2025. An assistant message's reasoning_content is the template's "thinking".
"""
import json
import os

from render_goldens import HERE, TIME_TOOL, WEATHER_TOOL, env

SYSTEM = {"role": "system", "content": "You are a helpful assistant.\n"}
FLIGHTS_TOOL = {"type": "function", "function": {
    "name": "search_flights",
    "description": "Find flights between two airports.",
    "parameters": {"type": "object", "properties": {
        "from": {"type": "string", "description": "IATA code of the departure airport"},
        "to": {"type": "string"},
        "passengers": {"type": "integer", "description": "How many travel"},
        "cabin": {"type": "string", "enum": ["economy", "business", "first"]},
        "flexible": {"type": "boolean"},
        "airlines": {"type": "array", "items": {"type": "string"}, "description": "Preferred airlines"},
        "stops": {"type": "array", "items": {"type": "integer"}},
        "max_price": {"type": "number"},
    }, "required": ["from", "to"]}}}
TOOLS = [WEATHER_TOOL, TIME_TOOL, FLIGHTS_TOOL]

CASES = [
    ("single_user", [{"role": "user", "content": "Hello!"}], None, {}),
    ("multi_turn_no_system", [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Tell me a joke."},
    ], None, {}),
    ("ends_with_assistant", [
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
    ], None, {}),
    ("non_ascii", [{"role": "user", "content": "Grüße, 世界! Ça va? \u00a0"}], None, {}),
    ("roles_not_alternating", [{"role": "user", "content": "one"}, {"role": "user", "content": "two"}], None, {}),
    ("reasoning_dropped_from_history", [
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "2 + 2 = 4.", "reasoning_content": "Simple arithmetic."},
        {"role": "user", "content": "What about 9 / 2?"},
    ], None, {}),
    ("reasoning_of_last_answer", [
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "4", "reasoning_content": "Simple arithmetic."},
    ], None, {}),
    ("effort_high", [{"role": "user", "content": "Prove it."}], None, {"reasoning_effort": "high"}),
    ("effort_low", [{"role": "user", "content": "Quick one."}], None, {"reasoning_effort": "low"}),
    ("tools_no_system", [{"role": "user", "content": "What's the weather in Paris?"}], TOOLS, {}),
    ("tools_with_system", [SYSTEM, {"role": "user", "content": "What's the weather in Paris?"}], TOOLS, {}),
    ("developer_with_tools", [{"role": "developer", "content": "Answer in French."},
                              {"role": "user", "content": "Flights to Nice?"}], [FLIGHTS_TOOL], {}),
]


def jinja_message(message):
    message = dict(message)
    if "reasoning_content" in message:
        message["thinking"] = message.pop("reasoning_content")
    return message


def main():
    # the template is a main resource: make-model writes it into gpt-oss files (GptOssVocabulary)
    main_templates = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "main", "resources", "dev", "weightgate",
                                  "engine", "chat", "templates")
    with open(os.path.join(main_templates, "gpt-oss.jinja"), encoding="utf-8") as f:
        template = env.from_string(f.read())
    cases = []
    for name, messages, tools, options in CASES:
        for add in (True, False):
            expected = template.render(messages=[jinja_message(m) for m in messages], tools=tools,
                                       add_generation_prompt=add, **options)
            cases.append({"case": name, "add_generation_prompt": add, "messages": messages, "tools": tools or [],
                          "options": options, "expected": expected})
    with open(os.path.join(HERE, "harmony_goldens.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
