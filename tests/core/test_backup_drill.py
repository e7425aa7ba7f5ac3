from crm_assign.core.backup_drill import (
	MISSING,
	UNREADABLE,
	DrillReport,
	Mismatch,
	compare_decrypted,
	compare_mappings,
)


def test_equal_counts_have_no_mismatch():
	counts = {"tabManaged Customer": 20000, "__Auth": 212}
	assert compare_mappings("rows", counts, dict(counts)) == []


def test_a_lost_row_a_lost_table_and_an_extra_table_are_each_reported():
	source = {"tabA": 3, "tabB": 1, "tabC": 0}
	target = {"tabA": 2, "tabC": 0, "tabD": 5}
	assert compare_mappings("rows", source, target) == [
		Mismatch("rows", "tabA", 3, 2),
		Mismatch("rows", "tabB", 1, MISSING),
		Mismatch("rows", "tabD", MISSING, 5),
	]


def test_decrypted_values_are_compared_without_showing_them():
	key = ("User", "Administrator", "api_secret")
	other = ("Managed Customer", "CUST-1", "id_number")
	source = {key: "s3cret", other: "110101199003074477"}
	assert compare_decrypted(source, dict(source)) == []
	mismatches = compare_decrypted(source, {key: UNREADABLE, other: "110101199003074478"})
	assert mismatches == [
		Mismatch("encrypted value", "Managed Customer / CUST-1 / id_number", "decrypts", "a different value"),
		Mismatch("encrypted value", "User / Administrator / api_secret", "decrypts", UNREADABLE),
	]
	assert not any("110101" in m.line() or "s3cret" in m.line() for m in mismatches)
	assert compare_decrypted(source, {key: "s3cret"})[0].target == MISSING


def test_report_passes_only_when_encrypted_and_equal():
	report = DrillReport("a.localhost", "b.localhost", encrypted=True, tables=2, rows=10)
	report.seconds = {"backup": 1.25, "restore": 3.5}
	report.backup_bytes = {"database": 2_500_000, "public files": 0, "private files": 10_000}
	assert report.ok
	lines = report.lines()
	assert lines[-1] == "RESULT: OK"
	assert any("backup size" in line and "2.5 MB" in line for line in lines)

	report.mismatches = [Mismatch("rows", f"tab{i}", 1, 0) for i in range(25)]
	assert not report.ok
	lines = report.lines(details=20)
	assert lines[-1] == "RESULT: FAILED"
	assert sum(line.startswith("  ! rows") for line in lines) == 20
	assert any("and 5 more" in line for line in lines)
	assert any("mismatches 25" in line for line in lines)

	assert not DrillReport("a", "b", encrypted=False).ok
