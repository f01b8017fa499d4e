# Airlock's default capability policy.
#
# Default deny: a request is allowed only when no reason to refuse it is found. The
# decision names the executor, the capabilities granted (what was asked for and the
# tenant may have), the egress hosts and secrets, and the limits (what was asked for,
# clamped to the tenant's maximum). Tenant settings come from data (settings.yaml).
package airlock

import rego.v1

default decision := {
	"allow": false,
	"reasons": ["the policy produced no decision for this request"],
	"executor": "isolate",
	"capabilities": [],
	"hosts": [],
	"secrets": {},
	"limits": {},
}

decision := {
	"allow": allow,
	"reasons": sort([r | some r in reasons]),
	"executor": executor,
	"capabilities": sort([c | some c in capabilities]),
	"hosts": hosts,
	"secrets": secrets,
	"limits": limits,
}

default allow := false

allow if count(reasons) == 0

# --- the tenant's settings: its own entry over its tier; strangers get the default tier

tenant_entry := object.get(data.tenants, input.request.tenant, {})

tier_name := object.get(tenant_entry, "tier", "default")

settings := object.union(
	object.get(data.tiers, tier_name, data.tiers["default"]),
	object.remove(tenant_entry, ["tier"]),
)

# --- which executor

requested_runtime := object.get(input.request, "runtime", "auto")

# Isolates have no module loader, file system or processes: any import needs a container.
wants_container if requested_runtime == "container"

wants_container if {
	requested_runtime == "auto"
	count(input.needs.modules) > 0
}

may_use_containers if "container" in settings.executors

executor := "container" if {
	wants_container
	may_use_containers
} else := "isolate"

# --- capabilities

requested_capabilities := {c | some c in object.get(input.request, "capabilities", input.needs.capabilities)}

capabilities := {c | some c in requested_capabilities; c in settings.capabilities}

# --- egress: only code that may fetch, or a container, gets the tenant's hosts

may_reach_network if "fetch" in capabilities

may_reach_network if executor == "container"

hosts := sort(settings.hosts) if {
	may_reach_network
} else := []

secrets := {name: allowed | some name, allowed in settings.secrets} if {
	may_reach_network
} else := {}

# --- limits: what was asked for, never more than the tenant's maximum; a limit not asked
# for gets the safe default from data, so a generous tier is not spent by accident

requested_limits := object.get(input.request, "limits", {})

default default_limits := {}

default_limits := data.default_limits

limits := {name: min([asked, maximum]) |
	some name, maximum in settings.limits
	asked := object.get(requested_limits, name, object.get(default_limits, name, maximum))
}

# --- reasons to refuse

# Findings a container makes harmless: it has its own file system, processes and environment.
tolerated_in_container := {"no-fs-module", "no-child-process", "no-process-env", "no-unknown-packages"}

blocking(finding) if {
	finding.severity == "error"
	not tolerated(finding)
}

tolerated(finding) if {
	executor == "container"
	finding.ruleId in tolerated_in_container
}

reasons contains msg if {
	some finding in input.findings
	blocking(finding)
	msg := sprintf("validator: %s: %s", [finding.ruleId, finding.message])
}

reasons contains msg if {
	wants_container
	not may_use_containers
	msg := sprintf("tenant %q may not use the container executor (tier %q)", [input.request.tenant, tier_name])
}

reasons contains msg if {
	some c in requested_capabilities
	not c in settings.capabilities
	msg := sprintf("capability %q is not granted to tenant %q", [c, input.request.tenant])
}

reasons contains msg if {
	some c in input.needs.capabilities
	not c in capabilities
	c in settings.capabilities
	msg := sprintf("the code uses capability %q but the request did not ask for it", [c])
}

reasons contains msg if {
	object.get(input.request, "tenant", "") == ""
	msg := "the request names no tenant"
}
