"""``microcred verify`` on a presentation file: the presentation and every credential in it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from test_cli_credentials import run
from test_presentation import CHALLENGE, DOMAIN, signed_credential, signed_vp


def test_verify_accepts_a_presentation(tmp_path: Path) -> None:
    vp = signed_vp([signed_credential(1), signed_credential(2)])
    path = tmp_path / "vp.json"
    path.write_text(json.dumps(vp), encoding="utf-8")
    args = ["verify", str(path), "--now", "2024-07-01T00:00:00Z", "--challenge", CHALLENGE,
            "--domain", DOMAIN]
    code, text = run(*args)
    assert code == 0, text
    assert "verifiableCredential[1]" in text and "VERIFIED" in text
    code, text = run(*args, "--json")
    data = json.loads(text)
    assert code == 0 and data["verified"] is True and len(data["credentials"]) == 2
    # the wrong challenge, and a tampered embedded credential, are caught
    code, _ = run("verify", str(path), "--now", "2024-07-01T00:00:00Z", "--challenge", "x",
                  "--domain", DOMAIN)
    assert code == 1
    forged = copy.deepcopy(vp)
    forged["verifiableCredential"][0]["name"] = "Forged"
    path.write_text(json.dumps(forged), encoding="utf-8")
    code, text = run(*args)
    assert code == 1 and "verifiableCredential[0]" in text
