package pricing

import "strings"

// LookupImage finds the entry that prices one image of a size and quality.
// size is OpenAI's "1024x1024"; quality is the segment LiteLLM keys the
// price by: for Azure DALL-E and gpt-image, OpenAI's quality ("standard",
// "hd", "low", "medium", "high"); for Bedrock's Stable Diffusion XL and Nova
// Canvas, the step class ("50-steps", "max-steps"). Without a key for the
// size and quality, it falls back to Lookup, whose entry may carry a flat
// per-image price (Stability's SD3 and Stable Image, Titan Image Generator).
func (t *Table) LookupImage(provider, modelID, region, size, quality string) (Entry, bool) {
	modelID, region = strings.TrimSpace(modelID), strings.TrimSpace(region)
	if keys := imageKeys(provider, modelID, region, sizeSegment(size), strings.TrimSpace(quality)); len(keys) > 0 {
		if e, ok := t.first(provider, keys); ok {
			return e, true
		}
	}
	return t.Lookup(provider, modelID, region)
}

// imageKeys lists LiteLLM's size-and-quality keys for a model: Bedrock's
// "<W>-x-<H>/<quality>/<ID>" (Nova Canvas also as ".../bedrock/<ID>") for
// the ID as given and the model under a cross-region profile, and Azure's
// "azure/<quality>/<W>-x-<H>/<model>".
func imageKeys(provider, modelID, region, size, quality string) []string {
	if size == "" || quality == "" || modelID == "" {
		return nil
	}
	switch provider {
	case "bedrock":
		id, _, ok := bedrockID(modelID)
		if !ok {
			return nil
		}
		var keys []string
		for _, m := range dedupe(id, stripCrossRegion(id)) {
			keys = append(keys, size+"/"+quality+"/"+m, size+"/"+quality+"/bedrock/"+m)
		}
		return keys
	case "azure":
		return []string{"azure/" + quality + "/" + size + "/" + modelID}
	}
	return nil
}

// sizeSegment turns OpenAI's "1024x1024" into LiteLLM's "1024-x-1024".
func sizeSegment(size string) string {
	w, h, ok := strings.Cut(strings.ToLower(strings.TrimSpace(size)), "x")
	if !ok || w == "" || h == "" {
		return ""
	}
	return w + "-x-" + h
}

func dedupe(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}
