"""Outarde in Discord: discord.py app commands, embeds, persistent components, modals."""
