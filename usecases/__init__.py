"""What a person can do, whichever front door they come through (Telegram or the terminal).

Each use case loads what it needs, applies the rules, saves, and returns a neutral value that the
front door shows. They run inside the caller's transaction, one per update or action, and never
import aiogram.
"""
