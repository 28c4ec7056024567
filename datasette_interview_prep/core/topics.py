"""The controlled vocabulary of question topics: what a question in data/questions is about.

A question's round type says *where* it is asked (a live-coding round, a system-design
round); its topic says *what* it tests. The order is the order pages list them in.
"""

from __future__ import annotations

QUESTION_TOPICS: dict[str, str] = {
    "llm_fundamentals": "LLM fundamentals",
    "rag": "RAG and retrieval",
    "agents": "Agents and tool use",
    "fine_tuning": "Fine-tuning and training",
    "evaluation": "Evaluation and metrics",
    "ml_fundamentals": "ML fundamentals",
    "python_engineering": "Python and software engineering",
    "infrastructure_mlops": "Infrastructure and MLOps",
    "inference_cost": "Inference cost and latency",
    "safety": "Safety and guardrails",
    "system_design": "System design",
    "coding_patterns": "Coding and algorithms",
    "ml_coding": "ML / AI coding",
    "data_processing": "Data processing",
    "behavioral": "Behavioral",
    "project_deep_dive": "Project deep dive",
    "take_home": "Take-home assignment",
}

QUESTION_TOPIC_SLUGS: tuple[str, ...] = tuple(QUESTION_TOPICS)
