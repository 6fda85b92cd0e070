from boilerfree.align import label_by_blocks, label_by_gold, label_by_snippets, type_boilerplate
from boilerfree.blocks import segment
from boilerfree.document import load_document

PAGE = (
    "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "<p>The river burst its banks on Monday night, flooding dozens of homes in the lower town.</p>"
    "<p>Residents were moved to the sports hall, the fire brigade said.</p>"
    "<p>Subscribe now for unlimited access.</p><p>€9.99/month</p>"
    "<p>The river burst its banks while the residents were asleep in the lower town.</p></body></html>"
)
GOLD = (
    "The river burst its banks on Monday night, flooding dozens of homes in the lower town.\n"
    "Residents were moved to the sports hall, the fire brigade said."
)


def page():
    return segment(load_document(PAGE))


def test_gold_alignment_is_ordered_not_bag_of_words():
    labels = label_by_gold(page(), GOLD)
    assert labels[1:3] == ["content", "content"]
    assert labels[0] == "boilerplate"  # "Home News": words not in the gold
    assert labels[3] == "boilerplate" and labels[4] == "boilerplate"
    assert labels[5] != "content"  # the same words in another order are not the article


def test_weak_types_name_the_boilerplate():
    p = page()
    typed = type_boilerplate(p, label_by_gold(p, GOLD))
    assert typed[0] == "navigation" and typed[3] == "paywall" and typed[4] == "pricing"


def test_snippets_label_only_the_blocks_they_are_in():
    labels = label_by_snippets(page(), ["flooding dozens of homes"], ["Subscribe now"])
    assert labels == ["", "content", "", "boilerplate", "", ""]


def test_block_labels_are_matched_in_order():
    p = segment(load_document("Title line\nSubscribe now\nBody text line", format="text"))
    labels = label_by_blocks(
        p, [("Title line", "content"), ("Subscribe now", "paywall"), ("Body text line", "content")]
    )
    assert labels == ["content", "paywall", "content"]
