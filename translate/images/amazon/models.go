package amazon

import "github.com/caddy-llm-gateway/caddy-llm-gateway/translate/images"

// model is what differs between Titan Image Generator and Nova Canvas.
type model struct {
	name string
	// fits reports whether the model makes an image of a size; sizes
	// says which it makes, for the error when it does not.
	fits  func(images.Size) bool
	sizes string
	// style: the model takes textToImageParams.style.
	style bool
}

// MaxImages is numberOfImages' limit on both.
const MaxImages = 5

var titan = &model{
	name:  "Amazon Titan Image Generator on Bedrock",
	fits:  func(s images.Size) bool { return inList(titanSizes, s) },
	sizes: images.List(titanSizes),
}

// titanSizes are the sizes Titan Image Generator v1 and v2 make.
var titanSizes = []images.Size{
	{W: 1024, H: 1024}, {W: 768, H: 768}, {W: 512, H: 512},
	{W: 768, H: 1152}, {W: 384, H: 576}, {W: 1152, H: 768}, {W: 576, H: 384},
	{W: 768, H: 1280}, {W: 384, H: 640}, {W: 1280, H: 768}, {W: 640, H: 384},
	{W: 896, H: 1152}, {W: 448, H: 576}, {W: 1152, H: 896}, {W: 576, H: 448},
	{W: 768, H: 1408}, {W: 384, H: 704}, {W: 1408, H: 768}, {W: 704, H: 384},
	{W: 640, H: 1408}, {W: 320, H: 704}, {W: 1408, H: 640}, {W: 704, H: 320},
	{W: 1152, H: 640}, {W: 1173, H: 640},
}

var nova = &model{
	name:  "Amazon Nova Canvas on Bedrock",
	fits:  novaFits,
	sizes: "any WIDTHxHEIGHT with sides from 320 to 4096 pixels in steps of 16, no more than 4:1 either way, and fewer than 4194304 pixels (2048x2048) in all",
	style: true,
}

// novaFits is Nova Canvas's rule for sizes, as AWS states it: "The total
// pixel count must be less than 4,194,304", so 2048x2048 itself is out.
// https://docs.aws.amazon.com/nova/latest/userguide/image-gen-access.html
func novaFits(s images.Size) bool {
	side := func(n int) bool { return n >= 320 && n <= 4096 && n%16 == 0 }
	return side(s.W) && side(s.H) && s.W <= 4*s.H && s.H <= 4*s.W && s.W*s.H < 4194304
}

func inList(sizes []images.Size, s images.Size) bool {
	for _, ok := range sizes {
		if s == ok {
			return true
		}
	}
	return false
}
