package airlock_test

import rego.v1

import data.airlock

settings := {
	"tiers": {
		"default": {
			"executors": ["isolate"],
			"capabilities": ["log"],
			"hosts": [],
			"secrets": {},
			"limits": {"timeoutMs": 1000, "memoryMb": 64},
		},
		"builder": {
			"executors": ["isolate", "container"],
			"capabilities": ["log", "kv", "fetch"],
			"hosts": [],
			"secrets": {},
			"limits": {"timeoutMs": 10000, "memoryMb": 512},
		},
	},
	"tenants": {"acme": {
		"tier": "builder",
		"hosts": ["api.github.com"],
		"secrets": {"gh": ["api.github.com"]},
	}},
}

no_needs := {"modules": [], "hosts": [], "capabilities": []}

request(tenant, extra) := object.union({"tenant": tenant}, extra)

decide(req, findings, needs) := d if {
	d := airlock.decision with input as {"request": req, "findings": findings, "needs": needs}
		with data.tiers as settings.tiers
		with data.tenants as settings.tenants
		with data.default_limits as {"timeoutMs": 2000}
}

test_stranger_gets_default_tier_with_log_only if {
	d := decide(request("nobody", {}), [], {"modules": [], "hosts": [], "capabilities": ["log"]})
	d.allow
	d.executor == "isolate"
	d.capabilities == ["log"]
	d.limits == {"timeoutMs": 1000, "memoryMb": 64}
}

test_error_finding_denies if {
	finding := {"ruleId": "no-eval", "severity": "error", "message": "eval runs a string as code"}
	d := decide(request("acme", {}), [finding], no_needs)
	not d.allow
	d.reasons == ["validator: no-eval: eval runs a string as code"]
}

test_warning_finding_does_not_deny if {
	finding := {"ruleId": "no-long-encoded-literals", "severity": "warning", "message": "long"}
	d := decide(request("acme", {}), [finding], no_needs)
	d.allow
}

test_capability_outside_tier_denies if {
	d := decide(request("nobody", {"capabilities": ["log", "kv"]}), [], no_needs)
	not d.allow
	d.reasons == [`capability "kv" is not granted to tenant "nobody"`]
}

test_granted_capabilities_are_the_intersection if {
	d := decide(request("acme", {"capabilities": ["kv"]}), [], no_needs)
	d.allow
	d.capabilities == ["kv"]
}

test_imports_need_a_container if {
	needs := {"modules": ["lodash"], "hosts": [], "capabilities": []}
	d := decide(request("acme", {}), [], needs)
	d.allow
	d.executor == "container"
	d.hosts == ["api.github.com"]
	d.secrets == {"gh": ["api.github.com"]}
}

test_container_refused_to_default_tier if {
	d := decide(request("nobody", {"runtime": "container"}), [], no_needs)
	not d.allow
	d.executor == "isolate"
}

test_fs_finding_tolerated_in_container_only if {
	finding := {"ruleId": "no-fs-module", "severity": "error", "message": "fs"}
	needs := {"modules": ["fs"], "hosts": [], "capabilities": []}
	in_container := decide(request("acme", {}), [finding], needs)
	in_container.allow
	in_isolate := decide(request("acme", {"runtime": "isolate"}), [finding], needs)
	not in_isolate.allow
}

test_no_hosts_without_fetch if {
	d := decide(request("acme", {"capabilities": ["log"]}), [], no_needs)
	d.hosts == []
	d.secrets == {}
}

test_unrequested_limits_take_the_default_within_the_tier if {
	d := decide(request("acme", {}), [], no_needs)
	d.limits == {"timeoutMs": 2000, "memoryMb": 512}
	stranger := decide(request("nobody", {}), [], no_needs)
	stranger.limits == {"timeoutMs": 1000, "memoryMb": 64}
}

test_limits_are_clamped_to_the_tier if {
	d := decide(request("nobody", {"limits": {"timeoutMs": 60000, "memoryMb": 32}}), [], no_needs)
	d.limits == {"timeoutMs": 1000, "memoryMb": 32}
}

test_code_using_ungranted_request_denies if {
	needs := {"modules": [], "hosts": [], "capabilities": ["kv"]}
	d := decide(request("acme", {"capabilities": ["log"]}), [], needs)
	not d.allow
}

test_missing_tenant_denies if {
	d := decide({}, [], no_needs)
	not d.allow
}
