"""A generated corpus of scraped pages for the tests that need volume: pages
of a few sites (each with its own menu and footer lines), English and
Chinese, with exact copies, near-duplicates and syndicated paragraphs
spread across files, so that the duplicates cross file (and task)
boundaries. Deterministic for a seed."""

import json
import pathlib
import random

SYLLABLES = "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo".split()
COMMON = "the of and to in is that for on with as by at from it was are this".split()
# A block of common CJK characters to draw Chinese text from.
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 600)]


def _word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def _sentence(rng):
    words = [rng.choice(COMMON) if rng.random() < 0.3 else _word(rng) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _zh_sentence(rng):
    return "".join(rng.choice(CJK) for _ in range(rng.randint(15, 30))) + "。"


def _paragraph(rng, zh):
    make = _zh_sentence if zh else _sentence
    return ("" if zh else " ").join(make(rng) for _ in range(rng.randint(2, 5)))


def _site(rng, n):
    zh = n % 4 == 3
    host = f"site{n}.test"
    if zh:
        menu = ["首页 » 新闻 » 本地", "登录 | 注册"]
        footer = [f"版权所有 © 2024 站点{n}", "责任编辑：编辑部"]
    else:
        menu = [f"Home » News » {_word(rng).capitalize()}", "Sign in | Subscribe"]
        footer = [f"© 2024 {_word(rng).capitalize()} Media. All rights reserved.", "Share on Facebook"]
    # A line of the site's own that no rule knows, inside the article (and
    # so left by the context stage): a site template.
    tagline = f"{_word(rng).capitalize()} {_word(rng)} daily edition"
    return {"host": host, "zh": zh, "menu": menu, "footer": footer, "tagline": tagline}


def write_corpus(folder, mb=20.0, files=8, seed=1):
    """Writes about ``mb`` MB of pages as ``files`` JSON Lines files into
    ``folder``; returns the number of records."""
    rng = random.Random(seed)
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sites = [_site(rng, n) for n in range(8)]
    pages = []
    size = 0
    while size < mb * 1e6:
        n = len(pages)
        roll = rng.random()
        if pages and roll < 0.08:
            page = dict(rng.choice(pages))  # an exact copy
        elif pages and roll < 0.16:
            page = dict(rng.choice(pages))  # a near copy: one word changed
            words = page["body"][0].split(" ")
            words[rng.randrange(len(words))] = _word(rng)
            page["body"] = [" ".join(words)] + page["body"][1:]
        else:
            site = rng.choice(sites)
            body = [_paragraph(rng, site["zh"]) for _ in range(rng.randint(3, 9))]
            if pages and roll < 0.3:  # a syndicated paragraph from another page
                body.insert(rng.randrange(len(body) + 1), rng.choice(rng.choice(pages)["body"]))
            sub = _word(rng).capitalize() + " " + _word(rng)
            page = {"site": site, "body": body, "title": _sentence(rng)[:-1][:60], "sub": sub}
        site = page["site"]
        body = [p + "\n" for p in page["body"]]
        # The tagline, then a subheading of the article, between paragraphs.
        body.insert(len(body) // 2, f"{site['tagline']}\n\n{page['sub']}\n")
        text = "\n".join(site["menu"] + [page["title"], ""] + body + site["footer"])
        record = {
            "id": f"p{n}",
            "url": f"https://{site['host']}/{n}.html",
            "text": text,
        }
        pages.append(page)
        size += len(text.encode())
        with open(folder / f"part-{n % files:03d}.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(pages)
