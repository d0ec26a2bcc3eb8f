module github.com/caddy-llm-gateway/caddy-llm-gateway/bench

go 1.26.8

require github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream v1.7.27

require github.com/aws/smithy-go v1.28.9 // indirect
