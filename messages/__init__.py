"""Everything users read: the texts in each language, rich text, replies, dates, and
the Matrix content they are sent as."""
