"""One package per capability; each offers ``setup(router)``, called by bot.compose."""
