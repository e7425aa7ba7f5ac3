// Copyright (c) 2026, crm_assign developers
// License: MIT. See LICENSE

frappe.ui.form.on("Allocation Plan", {
	refresh(frm) {
		// offered only to those who may change the plan (an auditor or general manager only reads it)
		const may_edit = frm.perm[0]?.write && !frappe.workflow.is_read_only(frm.doctype, frm.docname);
		if (frm.doc.docstatus === 0 && !frm.is_new() && may_edit) {
			frm.add_custom_button(__("Generate Proposal"), () => generate_proposal(frm)).addClass(
				"btn-primary"
			);
		}
		if (frm.doc.docstatus === 1 && frm.doc.status === "Approved" && frm.perm[0]?.submit) {
			frm.add_custom_button(__("Apply"), () =>
				frappe.confirm(__("Change the owners of these customers now?"), () =>
					frappe
						.call("crm_assign.customer_assignment.doctype.allocation_plan.allocation_plan.apply_plan", {
							plan: frm.doc.name,
						})
						.then(() => {
							frappe.show_alert({ message: __("Applying in the background"), indicator: "blue" });
							frm.reload_doc();
						})
				)
			);
		}
		show_summary(frm);
		render_load_chart(frm);
	},
});

function generate_proposal(frm) {
	frappe.dom.freeze(__("Running the allocation engine…"));
	frappe
		.call("crm_assign.customer_assignment.doctype.allocation_plan.allocation_plan.generate_proposal", {
			plan: frm.doc.name,
		})
		.then((r) => {
			if (r.message.queued) {
				frappe.show_alert({ message: __("Large scope: the proposal is being drafted in the background"), indicator: "blue" });
				return;
			}
			frappe.show_alert({
				message: __("{0} changes proposed, {1} customers left unassigned", [r.message.moves, r.message.unassigned]),
				indicator: "green",
			});
			frm.reload_doc();
		})
		.always(() => frappe.dom.unfreeze());
}

function show_summary(frm) {
	if (!frm.doc.total_items) return;
	const gini = (v) => (v || 0).toFixed(3);
	frm.dashboard.add_indicator(__("Changes: {0}", [frm.doc.moves]), "blue");
	frm.dashboard.add_indicator(__("Unassigned: {0}", [frm.doc.unassigned_count]), frm.doc.unassigned_count ? "orange" : "green");
	frm.dashboard.add_indicator(
		__("Load Gini: {0} → {1}", [gini(frm.doc.gini_before), gini(frm.doc.gini_after)]),
		frm.doc.gini_after <= frm.doc.gini_before ? "green" : "orange"
	);
	if (frm.doc.needs_department_approval) {
		frm.dashboard.add_indicator(__("Needs Customer Manager approval"), "red");
	}
}

function render_load_chart(frm) {
	const wrapper = frm.get_field("load_chart").$wrapper;
	wrapper.empty();
	const loads = JSON.parse(frm.doc.manager_loads || "[]");
	if (!loads.length) return;
	const changed = loads
		.filter((row) => row.before !== row.after)
		.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before))
		.slice(0, 30);
	const rows = changed.length ? changed : loads.slice(0, 30);
	const pct = (load, capacity) => (capacity ? Math.round((1000 * load) / capacity) / 10 : 0);
	const target = $("<div>").appendTo(wrapper);
	new frappe.Chart(target[0], {
		title: __("Load as % of capacity, before and after (managers with most changes)"),
		type: "bar",
		height: 260,
		data: {
			labels: rows.map((row) => row.manager_name),
			datasets: [
				{ name: __("Before"), values: rows.map((row) => pct(row.before, row.capacity)) },
				{ name: __("After"), values: rows.map((row) => pct(row.after, row.capacity)) },
			],
		},
		colors: ["#ECAD4B", "#5E64FF"],
	});
}
