package pricing

import (
	"strconv"
	"strings"
)

// LookupImage finds the entry that prices one image of a size and quality.
// size is OpenAI's "1024x1024"; quality is the segment LiteLLM keys the
// price by: for Azure DALL-E and gpt-image, OpenAI's quality ("standard",
// "hd", "low", "medium", "high"); for Bedrock's Stable Diffusion XL and Nova
// Canvas, the step class ("50-steps", "max-steps"). Without a key for the
// size and quality, it falls back to Lookup, whose entry may carry a flat
// per-image price (Stability's SD3 and Stable Image, Titan Image Generator).
func (t *Table) LookupImage(provider, modelID, region, size, quality string) (Entry, bool) {
	if w, h, ok := parseSize(size); ok {
		if e, ok := t.ImagePrices(provider, modelID).For(w, h, strings.TrimSpace(quality)); ok {
			return e, true
		}
	}
	return t.Lookup(provider, modelID, region)
}

// ImagePrices are the entries that price one model's images by size and
// quality, found once (at provision) so that pricing an answer is a short
// scan with no allocation. The zero value has none.
type ImagePrices struct{ variants []imageVariant }

type imageVariant struct {
	w, h    int
	quality string
	e       Entry
	// rank orders the keys that name the same variant: the model as
	// given before the model under a cross-region profile, exact keys
	// before keys that match only in another case.
	rank int
	key  string
}

// Len is the number of sizes and qualities priced.
func (p ImagePrices) Len() int { return len(p.variants) }

// For returns the entry for one image of width × height pixels at a
// quality segment; ok is false when the table has no key for them.
func (p ImagePrices) For(width, height int, quality string) (Entry, bool) {
	for i := range p.variants {
		v := &p.variants[i]
		if v.w == width && v.h == height && strings.EqualFold(v.quality, quality) {
			return v.e, true
		}
	}
	return Entry{}, false
}

// ImagePrices collects LiteLLM's size-and-quality keys for a model:
// Bedrock's "<W>-x-<H>/<quality>/<ID>" (Nova Canvas also as
// ".../bedrock/<ID>") for the ID as given and the model under a
// cross-region profile, and Azure's "azure/<quality>/<W>-x-<H>/<model>".
// It reads every key of the table, so it belongs at provision.
func (t *Table) ImagePrices(provider, modelID string) ImagePrices {
	names := imageModelNames(provider, strings.TrimSpace(modelID))
	if len(names) == 0 {
		return ImagePrices{}
	}
	var p ImagePrices
	for key, e := range t.entries {
		w, h, quality, name, ok := splitImageKey(provider, key)
		if !ok || !belongsTo(e, provider) {
			continue
		}
		rank := -1
		for i, n := range names {
			switch {
			case name == n:
				rank = i
			case strings.EqualFold(name, n):
				rank = len(names) + i
			default:
				continue
			}
			break
		}
		if rank >= 0 {
			p.add(imageVariant{w: w, h: h, quality: quality, e: e, rank: rank, key: key})
		}
	}
	return p
}

// add keeps, for each size and quality, the variant of the best rank (the
// lesser key on a tie, so that map order cannot decide).
func (p *ImagePrices) add(v imageVariant) {
	for i := range p.variants {
		old := &p.variants[i]
		if old.w != v.w || old.h != v.h || !strings.EqualFold(old.quality, v.quality) {
			continue
		}
		if v.rank < old.rank || v.rank == old.rank && v.key < old.key {
			*old = v
		}
		return
	}
	p.variants = append(p.variants, v)
}

// imageModelNames are the names a size-and-quality key may give the
// model, most specific first.
func imageModelNames(provider, modelID string) []string {
	if modelID == "" {
		return nil
	}
	switch provider {
	case "bedrock":
		id, _, ok := bedrockID(modelID)
		if !ok {
			return nil
		}
		var names []string
		for _, m := range dedupe(id, stripCrossRegion(id)) {
			names = append(names, m, "bedrock/"+m)
		}
		return names
	case "azure":
		return []string{modelID}
	}
	return nil
}

// splitImageKey reads a size-and-quality key of the provider's layout.
func splitImageKey(provider, key string) (w, h int, quality, name string, ok bool) {
	var size string
	switch provider {
	case "bedrock":
		size, key, _ = strings.Cut(key, "/")
		quality, name, _ = strings.Cut(key, "/")
	case "azure":
		rest, found := strings.CutPrefix(key, "azure/")
		if !found {
			return 0, 0, "", "", false
		}
		quality, rest, _ = strings.Cut(rest, "/")
		size, name, _ = strings.Cut(rest, "/")
	default:
		return 0, 0, "", "", false
	}
	w, h, ok = parseSegment(size)
	return w, h, quality, name, ok && quality != "" && name != ""
}

// parseSize reads OpenAI's "1024x1024".
func parseSize(size string) (w, h int, ok bool) {
	ws, hs, found := strings.Cut(strings.ToLower(strings.TrimSpace(size)), "x")
	if !found {
		return 0, 0, false
	}
	return sides(ws, hs)
}

// parseSegment reads LiteLLM's "1024-x-1024".
func parseSegment(seg string) (w, h int, ok bool) {
	ws, hs, found := strings.Cut(seg, "-x-")
	if !found {
		return 0, 0, false
	}
	return sides(ws, hs)
}

func sides(ws, hs string) (w, h int, ok bool) {
	w, errW := strconv.Atoi(ws)
	h, errH := strconv.Atoi(hs)
	return w, h, errW == nil && errH == nil && w > 0 && h > 0
}

func dedupe(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}
