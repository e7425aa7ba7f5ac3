"""Benchmark of the allocation engine against round-robin and greedy least-loaded baselines.

Usage::

    python benchmarks/engine_benchmark.py                 # 10k x 100, 100k x 1k fresh and rebalance
    python benchmarks/engine_benchmark.py --include-1m    # + 1M x 5k fresh (slow)
    python benchmarks/engine_benchmark.py --sizes 20000x200 --no-rebalance

Data is synthetic and seeded: a China-like region tree (country / province / city) with Zipf-distributed
population, a skill catalogue, managers serving their city or province. "Rebalance" gives every customer
an owner from a drifted history (owners chosen at random in the customer's province, some now on leave
or over capacity); there the baselines also run "+keep" (customers stay with an owner who may keep them
and has room). Each algorithm runs in a forked child so its peak RSS is measured alone (``ru_maxrss`` of
the child, which includes the shared input data); "cpu s" is the child's CPU time, "wall s" its elapsed
time. Metrics of every algorithm come from ``evaluate`` under the engine's cost model.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crm_assign.core.allocation import (
	AllocationSettings,
	Customer,
	Manager,
	allocate,
	evaluate,
	greedy_least_loaded,
	round_robin,
)

PROVINCES = (
	"广东省 山东省 河南省 江苏省 四川省 河北省 湖南省 浙江省 安徽省 湖北省 广西壮族自治区 云南省 江西省 辽宁省 "
	"福建省 陕西省 贵州省 山西省 重庆市 黑龙江省 新疆维吾尔自治区 上海市 甘肃省 内蒙古自治区 吉林省 北京市 "
	"天津市 海南省 宁夏回族自治区 青海省 西藏自治区"
).split()
CITY_SUFFIXES = "州 阳 山 安 宁 江 城 源 平 昌 德 兴 海 原".split()
SKILLS = ("对公信贷", "个人理财", "外汇", "保险", "跨境结算", "供应链金融", "科创金融", "财富管理")
SKILL_POPULARITY = (30, 25, 10, 12, 6, 8, 5, 4)


def region_tree(rng: random.Random):
	"""Cities as (country, province, city) paths with Zipf population weights, and coordinates."""
	cities, weights, coordinates = [], [], {}
	for p, province in enumerate(PROVINCES):
		base = (rng.uniform(20, 45), rng.uniform(85, 125))
		n_cities = 1 if province.endswith("市") else rng.randint(6, 14)
		for c in range(n_cities):
			name = (
				province
				if n_cities == 1
				else f"{province[:2]}{CITY_SUFFIXES[c % len(CITY_SUFFIXES)]}{c // 14 or ''}市"
			)
			path = ("中国", province, name)
			cities.append(path)
			weights.append(1.0 / (p + 1) ** 0.8 / (c + 1))
			coordinates[path] = (base[0] + rng.uniform(-2, 2), base[1] + rng.uniform(-2, 2))
	return cities, weights, coordinates


def make_managers(rng, n, n_customers, cities, weights, unavailable=0.04):
	managers = []
	mean_capacity = max(1, round(1.25 * n_customers / n))
	for i, city in enumerate(rng.choices(cities, weights, k=n)):
		level = rng.choices(("Junior", "Senior", "Expert"), (50, 35, 15))[0]
		served = (city[:2],) if level != "Junior" and rng.random() < 0.4 else (city,)
		skills = {s: rng.randint(1, 5) for s in rng.sample(SKILLS, rng.randint(2, 4))}
		capacity = max(1, round(mean_capacity * rng.uniform(0.7, 1.3)))
		managers.append(
			Manager(
				f"M{i:05d}",
				capacity,
				level,
				skills,
				served,
				available=rng.random() >= unavailable,
				performance=round(rng.uniform(0.85, 1.15), 2),
			)
		)
	return managers


def make_customers(rng, n, cities, weights, managers=None):
	"""Customers; with ``managers`` every customer gets an owner from a drifted history."""
	by_province = {}
	for m in managers or ():
		by_province.setdefault(m.regions[0][:2], []).append(m.id)
	all_ids = [m.id for m in managers or ()]
	skill_sets = [frozenset()] * 30 + [frozenset({s}) for s in rng.choices(SKILLS, SKILL_POPULARITY, k=50)]
	skill_sets += [frozenset(rng.choices(SKILLS, SKILL_POPULARITY, k=2)) for _ in range(20)]
	region_list = rng.choices(cities, weights, k=n)
	grades = rng.choices("ABC", (15, 35, 50), k=n)
	customers = []
	for i in range(n):
		region = region_list[i]
		owner = None
		if managers:
			local = by_province.get(region[:2]) or all_ids
			owner = rng.choice(local) if rng.random() < 0.9 else rng.choice(all_ids)
		status = "active" if rng.random() >= 0.02 else rng.choice(("blacklisted", "exited"))
		customers.append(
			Customer(
				f"C{i:07d}",
				region,
				grades[i],
				rng.choice(skill_sets),
				owner,
				1,
				pinned=owner is not None and rng.random() < 0.01,
				status=status,
			)
		)
	return customers


BASELINES = {"round-robin": round_robin, "greedy": greedy_least_loaded}


def _run(algorithm, customers, managers, settings, queue):
	wall, cpu = time.perf_counter(), time.process_time()
	name, _, variant = algorithm.partition(" ")
	if name == "engine":
		owners = allocate(customers, managers, settings).owner_map()
	else:
		owners = BASELINES[name](customers, managers, settings, keep_owners=variant == "+keep")
	wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
	peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
	queue.put((wall, cpu, peak_mb, evaluate(customers, managers, owners, settings)))


def run_forked(algorithm, customers, managers, settings):
	context = multiprocessing.get_context("fork")
	queue = context.Queue()
	process = context.Process(target=_run, args=(algorithm, customers, managers, settings, queue))
	process.start()
	row = queue.get()
	process.join()
	return row


HEADER = (
	f"{'scenario':<22}{'algorithm':<19}{'wall s':>7}{'cpu s':>7}{'peak MB':>8}{'objective':>12}{'unassigned':>11}"
	f"{'max util':>9}{'gini':>7}{'skill %':>8}{'region %':>9}{'moves':>7}{'viol':>5}"
)


def print_row(scenario, algorithm, wall, cpu, peak_mb, m):
	print(
		f"{scenario:<22}{algorithm:<19}{wall:>7.2f}{cpu:>7.2f}{peak_mb:>8.0f}{m.objective:>12.0f}{m.unassigned:>11}"
		f"{m.max_utilisation:>9.3f}{m.load_gini:>7.3f}{m.skill_match_pct:>8.1f}{m.same_region_pct:>9.1f}"
		f"{m.moves:>7}{m.violations:>5}",
		flush=True,
	)


def scenario(name, n_customers, n_managers, rebalance, args):
	rng = random.Random(args.seed)
	cities, weights, coordinates = region_tree(rng)
	managers = make_managers(rng, n_managers, n_customers, cities, weights)
	customers = make_customers(rng, n_customers, cities, weights, managers if rebalance else None)
	settings = AllocationSettings(region_coordinates=coordinates if args.coordinates else None)
	runs = [("engine", settings)]
	if rebalance and args.max_moves is not None:
		runs.append((f"engine max {args.max_moves}", replace(settings, max_moves=args.max_moves)))
	if not args.engine_only:
		runs += [("round-robin", settings), ("greedy", settings)]
		if rebalance:
			runs += [("round-robin +keep", settings), ("greedy +keep", settings)]
	for algorithm, config in runs:
		print_row(name, algorithm, *run_forked(algorithm, customers, managers, config))


def main(argv=None):
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument(
		"--sizes", default="10000x100,100000x1000", help="fresh sizes CUSTOMERSxMANAGERS, comma separated"
	)
	parser.add_argument(
		"--rebalance-sizes", default="100000x1000", help="rebalance sizes (every customer owned)"
	)
	parser.add_argument("--no-rebalance", action="store_true")
	parser.add_argument("--include-1m", action="store_true", help="add 1,000,000 x 5,000 fresh (slow)")
	parser.add_argument("--coordinates", action="store_true", help="region bands from city coordinates")
	parser.add_argument(
		"--max-moves", type=int, default=None, help="add an engine run with this move cap to rebalances"
	)
	parser.add_argument("--engine-only", action="store_true")
	parser.add_argument("--seed", type=int, default=42)
	args = parser.parse_args(argv)

	def parse(sizes):
		return [tuple(int(x) for x in s.split("x")) for s in sizes.split(",") if s]

	print(HEADER)
	for n, m in parse(args.sizes):
		scenario(f"fresh {n // 1000}k x {m}", n, m, False, args)
	if not args.no_rebalance:
		for n, m in parse(args.rebalance_sizes):
			scenario(f"rebalance {n // 1000}k x {m}", n, m, True, args)
	if args.include_1m:
		scenario("fresh 1000k x 5000", 1_000_000, 5_000, False, args)


if __name__ == "__main__":
	main()
