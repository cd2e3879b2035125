"""Domain logic on plain data: the plan template, dated plans, phases. No Flask, no session."""
