// Command psa evaluates pods with Pod Security Admission's own checks (k8s.io/pod-security-admission,
// the code the API server's admission plugin runs), for test/render/pod-security.test.ts.
//
// Standard input: a JSON array of {name, level, version?, metadata, spec}, where level is the
// namespace's enforced level and version its enforce-version ("latest" when absent); metadata is an
// ObjectMeta and spec a PodSpec, decoded strictly so that a misspelt field fails instead of vanishing.
// Standard output: one JSON object per pod, in input order:
// {name, level, version, allowed, forbidden: ["reason (detail)", ...]}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type pod struct {
	Name     string            `json:"name"`
	Level    string            `json:"level"`
	Version  string            `json:"version,omitempty"`
	Metadata metav1.ObjectMeta `json:"metadata"`
	Spec     corev1.PodSpec    `json:"spec"`
}

type result struct {
	Name      string   `json:"name"`
	Level     string   `json:"level"`
	Version   string   `json:"version"`
	Allowed   bool     `json:"allowed"`
	Forbidden []string `json:"forbidden"`
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "psa:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	input, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	decoder := json.NewDecoder(bytes.NewReader(input))
	decoder.DisallowUnknownFields()
	var pods []pod
	if err := decoder.Decode(&pods); err != nil {
		return fmt.Errorf("reading the pods: %w", err)
	}
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	encoder := json.NewEncoder(w)
	for i := range pods {
		p := &pods[i]
		level, err := api.ParseLevel(p.Level)
		if err != nil {
			return fmt.Errorf("%s: level %q: %w", p.Name, p.Level, err)
		}
		versionText := p.Version
		if versionText == "" {
			versionText = "latest"
		}
		version, err := api.ParseVersion(versionText)
		if err != nil {
			return fmt.Errorf("%s: version %q: %w", p.Name, versionText, err)
		}
		checks := evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &p.Metadata, &p.Spec)
		aggregate := policy.AggregateCheckResults(checks)
		forbidden := []string{}
		for j, reason := range aggregate.ForbiddenReasons {
			if detail := aggregate.ForbiddenDetails[j]; detail != "" {
				reason = fmt.Sprintf("%s (%s)", reason, detail)
			}
			forbidden = append(forbidden, reason)
		}
		if err := encoder.Encode(result{Name: p.Name, Level: string(level), Version: versionText, Allowed: aggregate.Allowed, Forbidden: forbidden}); err != nil {
			return err
		}
	}
	return w.Flush()
}
