"""Work outside a chat command: the reminder run, the weekly digest, the CSV catalogue
and the council report. Each opens its own transactions; the scheduler and the command
line start them, and `!bericht` and `!export` reuse what they render."""
