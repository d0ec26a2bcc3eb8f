package stability

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"

// ratios are the aspect ratios of Stable Diffusion 3 and Stable Image,
// with the size each makes at one megapixel.
var ratios = []struct {
	ratio string
	w, h  int // the ratio, reduced
	size  images.Size
}{
	{"1:1", 1, 1, images.Size{W: 1024, H: 1024}},
	{"16:9", 16, 9, images.Size{W: 1344, H: 768}},
	{"21:9", 21, 9, images.Size{W: 1536, H: 640}},
	{"3:2", 3, 2, images.Size{W: 1216, H: 832}},
	{"5:4", 5, 4, images.Size{W: 1088, H: 896}},
	{"4:5", 4, 5, images.Size{W: 896, H: 1088}},
	{"2:3", 2, 3, images.Size{W: 832, H: 1216}},
	{"9:16", 9, 16, images.Size{W: 768, H: 1344}},
	{"9:21", 9, 21, images.Size{W: 640, H: 1536}},
}

// ratioList names the sizes for errors.
var ratioList = func() string {
	s := ""
	for i, r := range ratios {
		if i > 0 {
			s += ", "
		}
		s += r.size.String() + " (" + r.ratio + ")"
	}
	return s
}()

// aspectRatio picks the aspect ratio a size asks for: its own one-megapixel
// size, any size of exactly that ratio (512x512, 1920x1080), or DALL-E 3's
// 1792x1024 and 1024x1792, which are as near to 16:9 and 9:16 as it makes.
func aspectRatio(s images.Size) (string, bool) {
	switch s {
	case images.Size{W: 1792, H: 1024}:
		return "16:9", true
	case images.Size{W: 1024, H: 1792}:
		return "9:16", true
	}
	g := gcd(s.W, s.H)
	for _, r := range ratios {
		if s == r.size || (s.W/g == r.w && s.H/g == r.h) {
			return r.ratio, true
		}
	}
	return "", false
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
