"""`make audit`: pip-audit of the installed dependencies, honest about what it could check.

pip-audit looks each package up in PyPI's JSON API (or OSV with `--service osv`). Without
that service it reports every package as "not found" and still says "No known
vulnerabilities found": this script says instead that nothing was audited. It exits 1 when
a vulnerability is known, and 0 otherwise (a failed look-up is reported, not fatal).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    exe = Path(sys.executable).parent / "pip-audit"
    if not exe.exists() and shutil.which("pip-audit") is None:
        print("pip-audit is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 1
    command = [str(exe) if exe.exists() else "pip-audit", "--skip-editable", "-f", "json"]
    result = subprocess.run(
        [*command, *sys.argv[1:]], capture_output=True, text=True, timeout=600, check=False
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(result.stderr.strip()[-2000:], file=sys.stderr)
        print(
            "audit: pip-audit could not reach its vulnerability service (PyPI's JSON API or "
            "OSV); nothing was audited. Run `make audit` where the network reaches pypi.org.",
            file=sys.stderr,
        )
        return 0
    packages = report.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"{package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(packages) - len(skipped)
    if packages and not audited:
        print(
            f"audit: none of the {len(packages)} packages could be looked up (the package index "
            "here has no vulnerability data, or pypi.org cannot be reached): nothing was "
            "audited. Run `make audit` where the network reaches pypi.org.",
            file=sys.stderr,
        )
        return 0
    print(
        f"audit: {audited} packages audited, {len(skipped)} could not be looked up, "
        f"{sum(len(p['vulns']) for p in vulnerable)} known vulnerabilities",
        file=sys.stderr,
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
