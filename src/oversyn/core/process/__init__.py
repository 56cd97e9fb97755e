"""The case as a municipal case: lifecycle, remiss, SWOT, costs, decisions, audit,
responsibilities, goals and the process checklist.

``model`` holds the case-file types; the other modules are pure functions over them that
return dataclasses with Swedish and English text (for the CLI, the web app and documents).
"""
