"""The coach's use cases: what the bot does for a person, without Telegram.

Each use case takes one ``Work`` (a database session inside one transaction, and the moment it
runs at), reads what it needs through ``storage``, decides with the pure rules in ``rehab`` and
writes the outcome; the Telegram layer renders what it returns.
"""
