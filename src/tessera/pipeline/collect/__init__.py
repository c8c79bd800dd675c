"""Real-time collection: Segment-compatible messages, the durable inbox, quarantine and keys.

``messages`` validates and normalizes messages (pure, no I/O); ``inbox`` stores them (one
set-based transaction per group of requests), keeps quarantined messages replayable and counts
everything; ``keys`` manages API keys (only a sha256 of each key is stored).
"""
