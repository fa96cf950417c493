// Package pdfcheck (a test kit) reads back what a PDF puts where, with poppler's
// tools (pdfinfo, pdftoppm), for tests that check a page lands where it
// should: the page's size, and the box the ink on it fills.
package pdfcheck

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

const ptPerMM = 72 / 25.4

// Available says why the tools are missing, or "" when they are there.
func Available() string {
	for _, tool := range []string{"pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return tool + " (poppler-utils) is not installed"
		}
	}
	return ""
}

// Box is a rectangle in mm from the page's top left.
type Box struct{ X0, Y0, X1, Y1 float64 }

func (b Box) String() string {
	return fmt.Sprintf("(%.2f, %.2f)–(%.2f, %.2f) mm", b.X0, b.Y0, b.X1, b.Y1)
}

// Within reports whether every edge of b is within tol mm of o's.
func (b Box) Within(o Box, tol float64) bool {
	d := func(a, c float64) bool { return a-c <= tol && c-a <= tol }
	return d(b.X0, o.X0) && d(b.Y0, o.Y0) && d(b.X1, o.X1) && d(b.Y1, o.Y1)
}

var sizeLine = regexp.MustCompile(`Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts`)

// PageSizes are the pages' sizes in mm (width, height), in order.
func PageSizes(pdf string) ([][2]float64, error) {
	out, err := exec.Command("pdfinfo", "-f", "1", "-l", "9999", pdf).Output()
	if err != nil {
		return nil, fmt.Errorf("pdfinfo %s: %w", pdf, err)
	}
	var sizes [][2]float64
	for _, m := range sizeLine.FindAllStringSubmatch(string(out), -1) {
		w, _ := strconv.ParseFloat(m[2], 64)
		h, _ := strconv.ParseFloat(m[3], 64)
		sizes = append(sizes, [2]float64{w / ptPerMM, h / ptPerMM})
	}
	if len(sizes) == 0 {
		return nil, fmt.Errorf("pdfinfo %s: no page sizes in %q", pdf, out)
	}
	return sizes, nil
}

// InkBox is the box the ink of page (1-based) fills, rendered at dpi,
// and whether the page has ink at all.
func InkBox(pdf string, page, dpi int) (Box, bool, error) {
	img, err := Render(pdf, page, dpi)
	if err != nil {
		return Box{}, false, err
	}
	b := img.Bounds()
	x0, y0, x1, y1 := b.Max.X, b.Max.Y, -1, -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xc000 { // darker than a light grey
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return Box{}, false, nil
	}
	mm := 25.4 / float64(dpi)
	return Box{float64(x0) * mm, float64(y0) * mm, float64(x1+1) * mm, float64(y1+1) * mm}, true, nil
}

// Render draws page (1-based) of pdf at dpi.
func Render(pdf string, page, dpi int) (image.Image, error) {
	dir, err := os.MkdirTemp("", "pdfcheck")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	root := filepath.Join(dir, "page")
	cmd := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(page), "-l", strconv.Itoa(page),
		"-singlefile", "-png", "-aa", "no", "-aaVector", "no", pdf, root)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pdftoppm %s: %v: %s", pdf, err, strings.TrimSpace(string(out)))
	}
	f, err := os.Open(root + ".png")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}
