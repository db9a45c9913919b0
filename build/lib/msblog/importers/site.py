"""Write imported posts and discussions into a site's ``posts/`` and ``comments/``."""

from __future__ import annotations

from pathlib import Path

from msblog.model.discussion import Discussion, format_discussion
from msblog.model.post import Post, format_post


def write_post(site: Path, post: Post, discussion: Discussion | None) -> list[Path]:
    """Write the post and its discussion; return the files whose content changed."""
    files = {site / "posts" / f"{post.path}.md": format_post(post)}
    if discussion is not None and discussion.comments:
        files[site / "comments" / f"{post.path}.md"] = format_discussion(discussion)
    changed = []
    for path, text in files.items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed
