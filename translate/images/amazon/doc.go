// Package amazon translates image generation requests for Amazon's image
// models on Bedrock, Titan Image Generator (v1 and v2) and Nova Canvas,
// which share one body: a taskType, the task's parameters object and an
// imageGenerationConfig. A request for text to image is built from
// OpenAI's parameters; the other tasks (COLOR_GUIDED_GENERATION,
// IMAGE_VARIATION, INPAINTING, OUTPAINTING, BACKGROUND_REMOVAL, ...) take
// the task's parameters object from the request, with the prompt added as
// its text.
//
// Titan: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-image.html
// Nova Canvas: https://docs.aws.amazon.com/nova/latest/userguide/image-gen-req-resp-structure.html
package amazon
