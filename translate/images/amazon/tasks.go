package amazon

// task is what the body of one taskType holds.
type task struct {
	name   string
	params string // the task's parameters member
	// text: the parameters take text and negativeText, which the prompt
	// fills; needsText: they must have text.
	text, needsText bool
	// config: the task takes an imageGenerationConfig.
	config bool
}

const textImage = "TEXT_IMAGE"

// tasks are the task types the gateway fills from OpenAI's parameters;
// any other passes with the parameters the request gives it.
var tasks = []task{
	{name: textImage, params: "textToImageParams", text: true, needsText: true, config: true},
	{name: "COLOR_GUIDED_GENERATION", params: "colorGuidedGenerationParams", text: true, needsText: true, config: true},
	{name: "IMAGE_VARIATION", params: "imageVariationParams", text: true, config: true},
	{name: "INPAINTING", params: "inPaintingParams", text: true, config: true},
	{name: "OUTPAINTING", params: "outPaintingParams", text: true, config: true},
	{name: "BACKGROUND_REMOVAL", params: "backgroundRemovalParams"},
	{name: "VIRTUAL_TRY_ON", params: "virtualTryOnParams", config: true},
}

// lookupTask finds a task by the raw literal of taskType; nil for one the
// gateway does not know.
func lookupTask(raw []byte) *task {
	if raw == nil {
		return &tasks[0]
	}
	for i := range tasks {
		t := &tasks[i]
		if len(raw) == len(t.name)+2 && string(raw[1:len(raw)-1]) == t.name {
			return t
		}
	}
	return nil
}
