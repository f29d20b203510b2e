"""The Matrix edge of europa-bot: configuration, gateway, dispatch, scheduler, CLI."""
