"""Read pip-audit's JSON report: fail on a known vulnerability, report (not fail) on no service.

Usage: pip_audit_verdict.py REPORT.json EXIT_STATUS STDERR_FILE
"""
import json
import sys
from pathlib import Path


def main(report_path: str, status: str, stderr_path: str) -> int:
    stderr = Path(stderr_path).read_text(errors="replace") if Path(stderr_path).exists() else ""
    try:
        report = json.loads(Path(report_path).read_text() or "null")
    except (OSError, json.JSONDecodeError):
        report = None
    if not report:
        last = (stderr.strip().splitlines() or ["(ingen melding)"])[-1]
        print(f"pip-audit: sårbarhetstjenesten kunne ikke nås, ingenting er sjekket ({last}). "
              "Ikke en feil i bygget; kjør pip-audit der nettet slipper til.")
        return 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "ingen rettet versjon ennå"
            print(f"SÅRBARHET: {dependency['name']} {dependency.get('version')}: {vuln['id']} (rettet i: {fixes})")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} av {len(dependencies)} pakker sjekket, {len(vulnerable)} med kjente sårbarheter.")
    if skipped and not audited:
        print("pip-audit: tjenesten kjente ingen av pakkene (et speil uten sårbarhetsdata?); ingenting er sjekket.")
    if vulnerable:
        return 1
    if status not in ("0", "1"):
        print(f"pip-audit avsluttet med status {status}: {stderr.strip()[-300:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
