from django.core.management.base import BaseCommand, CommandError

from jiefen.triage import registry


class Command(BaseCommand):
    help = (
        "List the triage model versions (shipped with the code and in JIEFEN_TRIAGE_MODELS_DIR) and which one is "
        "active, or switch to one with --activate VERSION (forwards or back, the shipped one included). Every "
        "switch is appended to activations.jsonl in JIEFEN_TRIAGE_MODELS_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activate", metavar="VERSION", help="make VERSION the active model")
        parser.add_argument("--by", default="", help="who switches, for the activation log (default: OS user)")
        parser.add_argument("--reason", default="", help="why, for the activation log")
        parser.add_argument("--log", action="store_true", help="also print the activation log")

    def handle(self, *args, activate, by, reason, log, **options):
        if activate:
            self.switch(activate, by, reason)
        self.list()
        if log:
            self.stdout.write("\nactivation log (oldest first):")
            for entry in registry.activations() or [{"version": "(no switch yet)"}]:
                self.stdout.write(
                    "  "
                    + " ".join(f"{key}={entry[key]}" for key in ("at", "version", "previous", "by") if key in entry)
                    + (f" reason={entry['reason']!r}" if entry.get("reason") else "")
                )

    def switch(self, version, by, reason):
        try:
            current = registry.active_version()
        except FileNotFoundError:
            current = None
        if version == current:
            self.stdout.write(f"{version} is already active: nothing switched")
            return
        try:
            entry = registry.activate(version, by=by, reason=reason)
        except registry.UnknownVersion:
            known = ", ".join(m["version"] for m in registry.versions()) or "none"
            raise CommandError(f"unknown triage model version {version!r}; known versions: {known}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"active model is now {version} (was {entry['previous']}); running processes switch within seconds"
            )
        )

    def list(self):
        try:
            current = registry.active_version()
        except FileNotFoundError:
            current = None
        header = (
            "",
            "version",
            "where",
            "created (UTC)",
            "train rows",
            "decisions (corrected)",
            "accuracy",
            "macro-F1",
            "eval rows",
        )
        lines = [header]
        for m in registry.versions():
            decisions = m.get("decisions") or {}
            figures = m.get("figures", {})
            lines.append(
                (
                    "*" if m["version"] == current else "",
                    m["version"],
                    "shipped" if m["shipped"] else "writable",
                    registry.created_at(m)[:19].replace("T", " "),
                    str(m.get("train", {}).get("rows", "")),
                    f"{decisions.get('rows', 0)} ({decisions.get('corrected', 0)})",
                    str(figures.get("accuracy", "")),
                    str(figures.get("macro_f1", "")),
                    str(m.get("eval", {}).get("rows", "")),
                )
            )
        widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
        for row in lines:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"\n* active; writable directory: {registry.writable_dir()}")
