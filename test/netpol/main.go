// Command netpol answers, for each connection it is given, whether Kubernetes NetworkPolicies allow
// it, with the policy engine of Cyclonus (github.com/mattfenwick/cyclonus/pkg/matcher; the engine
// of SIG Network's policy-assistant), so that the reachability test does not reimplement the
// semantics it checks.
//
// Input (stdin, JSON): {"policies": [NetworkPolicy...], "connections": [{"source": Peer,
// "destination": Peer, "port": 9092, "protocol": "TCP"}]}, where a Peer is {"ip": "..."} outside
// the cluster, or a pod: {"ip", "namespace", "namespaceLabels", "podLabels"}.
// Output (stdout, JSON): one {"allowed", "ingress", "egress"} per connection, in order; each
// direction says whether it allows and which policies (namespace/name) select the pod and allow
// or do not allow it.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/mattfenwick/cyclonus/pkg/matcher"
	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

type peer struct {
	IP              string            `json:"ip"`
	Namespace       string            `json:"namespace,omitempty"`
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty"`
	PodLabels       map[string]string `json:"podLabels,omitempty"`
}

type connection struct {
	Source      peer        `json:"source"`
	Destination peer        `json:"destination"`
	Port        int         `json:"port"`
	PortName    string      `json:"portName,omitempty"`
	Protocol    v1.Protocol `json:"protocol,omitempty"`
}

type input struct {
	Policies    []*networkingv1.NetworkPolicy `json:"policies"`
	Connections []connection                  `json:"connections"`
}

type direction struct {
	Allowed bool `json:"allowed"`
	// The policies that select the pod on this side and admit the connection.
	AllowedBy []string `json:"allowedBy"`
	// The policies that select the pod on this side and do not admit it.
	NotAllowedBy []string `json:"notAllowedBy"`
}

type verdict struct {
	Allowed bool      `json:"allowed"`
	Ingress direction `json:"ingress"`
	Egress  direction `json:"egress"`
}

func trafficPeer(p peer) *matcher.TrafficPeer {
	if p.Namespace == "" {
		return &matcher.TrafficPeer{IP: p.IP}
	}
	return &matcher.TrafficPeer{IP: p.IP, Internal: &matcher.InternalPeer{Namespace: p.Namespace, NamespaceLabels: p.NamespaceLabels, PodLabels: p.PodLabels}}
}

// directionOf names the policies one by one: Cyclonus merges the policies that select the same pods
// into one target, and a message that said "allowed by default-deny" would mislead.
func directionOf(r *matcher.DirectionResult, isIngress bool, t *matcher.Traffic) direction {
	peer := t.Destination
	if isIngress {
		peer = t.Source
	}
	d := direction{Allowed: r.IsAllowed(), AllowedBy: []string{}, NotAllowedBy: []string{}}
	for _, target := range append(append([]*matcher.Target{}, r.AllowingTargets...), r.DenyingTargets...) {
		for _, policy := range target.SourceRules {
			ingress, egress := matcher.BuildTarget(policy)
			one := egress
			if isIngress {
				one = ingress
			}
			name := policy.Namespace + "/" + policy.Name
			if one.Allows(peer, t.ResolvedPort, t.ResolvedPortName, t.Protocol) {
				d.AllowedBy = append(d.AllowedBy, name)
			} else {
				d.NotAllowedBy = append(d.NotAllowedBy, name)
			}
		}
	}
	sort.Strings(d.AllowedBy)
	sort.Strings(d.NotAllowedBy)
	return d
}

// defaultPolicyTypes does what the API server does to a policy without policyTypes
// (k8s.io/kubernetes pkg/apis/networking/v1 SetDefaults_NetworkPolicy): Ingress always, Egress when
// it has egress rules. Cyclonus expects them set, as they are on a policy read from a cluster.
func defaultPolicyTypes(policy *networkingv1.NetworkPolicy) {
	if len(policy.Spec.PolicyTypes) > 0 {
		return
	}
	policy.Spec.PolicyTypes = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
	if len(policy.Spec.Egress) > 0 {
		policy.Spec.PolicyTypes = append(policy.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
	}
}

func run() error {
	decoder := json.NewDecoder(os.Stdin)
	// A misspelt field would otherwise drop a rule and change the answer silently.
	decoder.DisallowUnknownFields()
	var in input
	if err := decoder.Decode(&in); err != nil {
		return fmt.Errorf("reading the input: %w", err)
	}
	for i, policy := range in.Policies {
		if policy.Namespace == "" {
			return fmt.Errorf("policies[%d] (%s) has no namespace", i, policy.Name)
		}
		defaultPolicyTypes(policy)
	}
	engine := matcher.BuildNetworkPolicies(false, in.Policies)
	verdicts := make([]verdict, 0, len(in.Connections))
	for _, c := range in.Connections {
		protocol := c.Protocol
		if protocol == "" {
			protocol = v1.ProtocolTCP
		}
		traffic := &matcher.Traffic{
			Source:           trafficPeer(c.Source),
			Destination:      trafficPeer(c.Destination),
			ResolvedPort:     c.Port,
			ResolvedPortName: c.PortName,
			Protocol:         protocol,
		}
		result := engine.IsTrafficAllowed(traffic)
		verdicts = append(verdicts, verdict{Allowed: result.IsAllowed(), Ingress: directionOf(result.Ingress, true, traffic), Egress: directionOf(result.Egress, false, traffic)})
	}
	return json.NewEncoder(os.Stdout).Encode(verdicts)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "netpol:", err)
		os.Exit(1)
	}
}
