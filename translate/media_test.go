package translate

import "testing"

func TestPartMedia(t *testing.T) {
	fetch := func(url string) (string, []byte, error) { return "image/PNG; charset=binary", []byte{1, 2, 3}, nil }
	for i, tc := range []struct {
		part ContentPart
		want Media
	}{
		{ContentPart{Type: "image_url", ImageURL: &ImageURL{URL: "data:image/jpeg;base64,AAAA"}}, Media{MediaType: "image/jpeg", Data: "AAAA"}},
		{ContentPart{Type: "image_url", ImageURL: &ImageURL{URL: "data:;base64,AAAA", Format: "png"}}, Media{MediaType: "image/png", Data: "AAAA"}},
		{ContentPart{Type: "image_url", ImageURL: &ImageURL{URL: "https://example.com/a"}}, Media{MediaType: "image/png", Data: "AQID"}},
		{ContentPart{Type: "file", File: &FilePart{FileData: "JVBERi0x", Filename: "a.PDF"}}, Media{MediaType: "application/pdf", Data: "JVBERi0x", Filename: "a.PDF"}},
		{ContentPart{Type: "file", File: &FilePart{FileData: "data:application/pdf;base64,JVBERi0x"}}, Media{MediaType: "application/pdf", Data: "JVBERi0x"}},
	} {
		got, err := PartMedia(&tc.part, 1, 2, fetch)
		if err != nil || got != tc.want {
			t.Errorf("%d: %+v %v, want %+v", i, got, err, tc.want)
		}
	}
	p := ContentPart{Type: "file", File: &FilePart{FileData: "data:application/pdf;base64,JVB"}}
	if _, err := PartMedia(&p, 1, 2, nil); err == nil || err.Param != "messages[1].content[2].file" {
		t.Errorf("bad base64: %v", err)
	}
}
