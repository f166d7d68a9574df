"""The Slack adapter: slack-bolt AsyncApp over Socket Mode or HTTP, Block Kit rendering."""
