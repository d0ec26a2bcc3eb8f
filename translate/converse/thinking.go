package converse

import (
	"strconv"

	"github.com/caddy-llm-gateway/caddy-llm-gateway/translate"
)

// thinking maps thinking and reasoning_effort to Anthropic extended
// thinking, by the rules translate.ExtendedThinking applies.
func (c *builder) thinking() *translate.Error {
	budget, dropped, err := translate.ExtendedThinking(c.req, c.opts.Model.Thinking, c.opts.DefaultThinkingBudget)
	if err != nil {
		return err
	}
	if dropped != "" {
		c.drop(dropped)
	}
	if budget == 0 {
		return nil
	}
	c.thinkingBudget = budget
	c.startField("thinking")
	c.additional = append(c.additional, `{"type":"enabled","budget_tokens":`...)
	c.additional = strconv.AppendInt(c.additional, int64(budget), 10)
	c.additional = append(c.additional, '}')
	return nil
}
