"""A trial's registration numbers in the registry (``registrations:``)."""

import pytest

from msblog.model.errors import ContentError
from msblog.model.identifiers import Identifier
from msblog.model.registry import load_registry
from tests.helpers import write_files

MIST = "---\ntrial: MIST\naliases: [MIST trial]\nregistrations:\n  - NCT00273364\n  - https://www.isrctn.com/ISRCTN12345678\n---\n\n# MIST\n"


def test_a_trial_carries_its_registration_numbers(tmp_path):
    write_files(tmp_path, {"mist.md": MIST, "hsct.md": "---\ntherapy: HSCT\ntrials: [MIST]\n---\n\n# HSCT\n"})
    entries = {entry.name: entry for entry in load_registry(tmp_path, "therapies")}
    assert entries["MIST"].registrations == [Identifier("nct", "NCT00273364"), Identifier("isrctn", "ISRCTN12345678")]
    assert entries["HSCT"].registrations == []


@pytest.mark.parametrize("front, message", [
    ("trial: MIST\nregistrations: [NCT0027336]", "'registrations' lists 'NCT0027336': 'NCT0027336' looks like a "
                                                  "ClinicalTrials.gov number but is not one: an NCT number is NCT and 8 digits"),
    ("trial: MIST\nregistrations: [PMID 123]", "'registrations' lists 'PMID 123': not a registration number"),
    ("trial: MIST\nregistrations: NCT00273364", "'registrations' must be a list of registration numbers"),
    ("therapy: HSCT\nregistrations: [NCT00273364]", "only a 'trial' has them"),
])
def test_registrations_that_are_not_a_trial_s_numbers_are_errors_at_their_line(tmp_path, front, message):
    write_files(tmp_path, {"entry.md": f"---\naliases: []\n{front}\n---\n\n# Entry\n"})
    with pytest.raises(ContentError) as error:
        load_registry(tmp_path, "therapies")
    [problem] = error.value.problems
    assert problem.path == tmp_path / "entry.md" and problem.line == 4 and message in problem.message


def test_two_trials_never_share_a_registration(tmp_path):
    write_files(tmp_path, {"mist.md": MIST, "other.md": "---\ntrial: Other\nregistrations: [nct00273364]\n---\n"})
    with pytest.raises(ContentError) as error:
        load_registry(tmp_path, "therapies")
    assert [str(p) for p in error.value.problems] == [
        f"{tmp_path / 'other.md'}:3: NCT00273364 is already registered by mist.md"]
