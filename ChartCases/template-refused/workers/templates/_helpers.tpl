{{- define "workers.sidecars" -}}
- name: log-shipper
  image: example/shipper:0.9
{{- end }}
