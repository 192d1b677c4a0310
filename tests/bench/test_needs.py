"""The bench's need sentences (bench/needs.py) and its server additions (bench/server.py)."""

import re
import sys
from pathlib import Path

from cases.demo import synthetic
from cases.search.need import reads_like_a_need

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from needs import NEEDS  # noqa: E402

WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
FUNCTION_WORDS = set(synthetic.PREPOSITIONS) | set(synthetic.QUANTIFIERS) | {
    "og", "å", "som", "er", "det", "de", "dei", "vi", "en", "et", "ei", "så", "få", "får",
}  # fmt: skip


def test_needs_are_sentences_of_8_to_40_words_in_both_written_norwegians():
    assert len(NEEDS) >= 30
    languages = [language for language, _text in NEEDS]
    assert set(languages) == {"nb", "nn"}
    assert languages.count("nn") >= len(NEEDS) // 4
    for _language, text in NEEDS:
        assert 8 <= len(WORDS.findall(text)) <= 40, text
        assert reads_like_a_need(text), text
    assert len({text for _language, text in NEEDS}) == len(NEEDS)


def test_needs_use_the_words_of_the_synthetic_cases():
    forms = synthetic.Vocabulary().all_forms()
    for language, text in NEEDS:
        content = [w for w in WORDS.findall(text.lower()) if w not in FUNCTION_WORDS]
        shared = [w for w in content if w in forms]
        # Nynorsk spells many words otherwise; the search knows the pairs.
        assert len(shared) >= (3 if language == "nb" else 1), (text, shared)
