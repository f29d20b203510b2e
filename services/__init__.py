"""Work outside a chat command: the reminder run, the weekly digest, the CSV catalogue,
the council report, and queueing what the bot says. The scheduler and the command line
start them; `!bericht` and `!export` reuse what they build. The reminder run and the
weekly digest open their own transactions; the others work in the caller's."""
