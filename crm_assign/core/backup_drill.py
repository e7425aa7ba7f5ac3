"""The verdict of a backup drill: what a restored site must equal, and the report that says so.

Pure: the service (crm_assign/services/data_protection/backup_drill.py) reads both sites and passes plain dictionaries in.
A drill passes when every table holds as many rows on the restored site as on the source, every sequence
stands at the same value, every file came back with the same size and digest, and every sampled encrypted
value decrypts on the restored site (with the key kept apart from the backups) to what it is on the source.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

MISSING = "(missing)"
UNREADABLE = "(cannot decrypt)"


@dataclass(frozen=True)
class Mismatch:
	kind: str  # "rows", "sequence", "file", "encrypted value"
	key: str
	source: object
	target: object

	def line(self) -> str:
		return f"{self.kind} {self.key}: source {self.source}, restored {self.target}"


def compare_mappings(kind: str, source: Mapping, target: Mapping) -> list[Mismatch]:
	"""Every key of either side whose values differ (a key on one side only is a mismatch too)."""
	return [
		Mismatch(kind, _label(key), source.get(key, MISSING), target.get(key, MISSING))
		for key in sorted(set(source) | set(target), key=_label)
		if source.get(key, MISSING) != target.get(key, MISSING)
	]


def compare_decrypted(source: Mapping[Hashable, str], target: Mapping[Hashable, str]) -> list[Mismatch]:
	"""Plaintexts of the sampled keys, compared without putting a plaintext into the report."""
	mismatches = []
	for key in sorted(source, key=_label):
		theirs = target.get(key, MISSING)
		if theirs != source[key]:
			shown = theirs if theirs in (MISSING, UNREADABLE) else "a different value"
			mismatches.append(Mismatch("encrypted value", _label(key), "decrypts", shown))
	return mismatches


def _label(key) -> str:
	return " / ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


@dataclass
class DrillReport:
	source_site: str
	target_site: str
	seconds: dict[str, float] = field(default_factory=dict)  # step -> duration, in the order taken
	backup_bytes: dict[str, int] = field(default_factory=dict)  # "database", "public files", … -> size
	encrypted: bool = False
	tables: int = 0
	rows: int = 0
	sequences: int = 0
	files: int = 0
	sample_size: int = 0
	sample_population: int = 0
	hashes_checked: int = 0  # sampled ID numbers whose keyed hash was recomputed on the restored site
	mismatches: list[Mismatch] = field(default_factory=list)
	notes: list[str] = field(default_factory=list)

	@property
	def ok(self) -> bool:
		return self.encrypted and not self.mismatches

	def count(self, kind: str) -> int:
		return sum(1 for m in self.mismatches if m.kind == kind)

	def lines(self, details: int = 20) -> list[str]:
		size = sum(self.backup_bytes.values())
		parts = ", ".join(f"{name} {_mb(n)}" for name, n in self.backup_bytes.items())
		rows = [
			f"Backup drill: {self.source_site} -> {self.target_site}",
			*(f"  {step:<26}{seconds:>10.1f} s" for step, seconds in self.seconds.items()),
			f"  {'backup size':<26}{_mb(size):>12}  ({parts})",
			f"  {'backup encrypted':<26}{'yes' if self.encrypted else 'NO':>12}",
			f"  {'tables compared':<26}{self.tables:>12,}  mismatches {self.count('rows')}",
			f"  {'rows compared':<26}{self.rows:>12,}",
			f"  {'sequences compared':<26}{self.sequences:>12,}  mismatches {self.count('sequence')}",
			f"  {'files compared':<26}{self.files:>12,}  mismatches {self.count('file')}",
			f"  {'encrypted values sampled':<26}{self.sample_size:>12,}  of {self.sample_population:,}"
			f", mismatches {self.count('encrypted value')}",
			f"  {'ID number hashes checked':<26}{self.hashes_checked:>12,}  mismatches {self.count('id number hash')}",
		]
		rows += [f"  ! {m.line()}" for m in self.mismatches[:details]]
		if len(self.mismatches) > details:
			rows.append(f"  ! … and {len(self.mismatches) - details} more")
		rows += [f"  note: {note}" for note in self.notes]
		rows.append("RESULT: " + ("OK" if self.ok else "FAILED"))
		return rows


def _mb(n: int) -> str:
	return f"{n / 1_000_000:,.1f} MB"
