"""The goal-action plan editor: goals, action rows, rewards, dates, layout, the plan panel."""
