"""A sentence that cites a work is about it: citations matched to the paper's own bibliography by author and year."""

from claims.passages import Passage
from synth.documents.citations import cited_titles, titles_by_citation
from synth.documents.records import Reference

REFERENCES = [
    Reference(page=9, text="Junjie Hu, Sebastian Ruder, Aditya Siddhant, Graham Neubig, Orhan Firat, and Melvin Johnson. "
                           "2020. XTREME: A massively multilingual multi-task benchmark for evaluating cross-lingual "
                           "generalization. In Proceedings of ICML."),
    Reference(page=9, text="Telmo Pires, Eva Schlinger, and Dan Garrette. 2019. How multilingual is multilingual BERT? "
                           "In Proceedings of ACL."),
    Reference(page=9, text="Alexis Conneau, Shijie Wu, Haoran Li, Luke Zettlemoyer, and Veselin Stoyanov. 2020b. Emerging "
                           "cross-lingual structure in pretrained language models. In Proceedings of ACL."),
    # two entries one citation cannot tell apart: neither is named by it
    Reference(page=9, text="Shijie Wu and Mark Dredze. 2019. Beto, bentz, becas: The surprising cross-lingual effectiveness "
                           "of BERT. In Proceedings of EMNLP."),
    Reference(page=9, text="Shijie Wu and Mark Dredze. 2019. Another paper of the same year. In Proceedings of EMNLP."),
    Reference(page=9, text="[12] A numbered entry without author-year form."),
]
XTREME = "XTREME: A massively multilingual multi-task benchmark for evaluating cross-lingual generalization"


def test_citations_name_the_titles_their_bibliography_gives():
    titles = titles_by_citation(REFERENCES)
    assert titles[("Hu", "2020")] == XTREME and titles[("Conneau", "2020b")].startswith("Emerging cross-lingual")
    assert ("Wu", "2019") not in titles
    text = ("mBERT yields strong representations (Pires et al., 2019; Wu and Dredze, 2019; Hu et al., 2020), and "
            "Conneau et al. (2020b) find shared structure; Hu et al. (2020) show this for 40 languages.")
    assert cited_titles(text, titles) == ("How multilingual is multilingual BERT?", XTREME,
                                          "Emerging cross-lingual structure in pretrained language models")
    assert cited_titles("No citation here, only 2020 as a year.", titles) == ()


def test_a_passage_citing_a_work_is_read_with_its_title_when_the_claim_names_it():
    passage = Passage(paper_id="2005.00396v3", page=9, kind="sentence", text="Hu et al. (2020) show this for 40 languages.",
                      title="Identifying Necessary Elements for BERT's Multilinguality", cites=(XTREME,))
    assert XTREME in passage.context
    assert passage.read(["XTREME"]) == f"{passage.context}. {passage.text}"
    assert passage.read(["mBERT"]) == passage.text
