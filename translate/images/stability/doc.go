// Package stability translates image generation requests for Stability
// AI's models on Bedrock: Stable Diffusion XL (text_prompts, width and
// height, artifacts in the answer) and the models of its newer API,
// Stable Diffusion 3 and 3.5 Large and Stable Image Core and Ultra
// (prompt, aspect_ratio, images and finish_reasons in the answer).
//
// Request: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-1-0-text-image.html
// and https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-3-text-image.html
package stability
