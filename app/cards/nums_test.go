package cards

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// appendNums writes what strconv writes for the number rounded, less a
// leading zero.
func TestAppendNums(t *testing.T) {
	src := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 100000; i++ {
		prec := src.IntN(7)
		v := (src.Float64() - 0.5) * math.Pow10(src.IntN(7))
		if i%10 == 0 {
			v = float64(src.IntN(2000)-1000) / 1000 // short decimals, and zeros
		}
		scale := math.Pow10(prec)
		r := math.Round(v*scale) / scale
		if r == 0 {
			r = 0
		}
		want := strconv.FormatFloat(r, 'f', -1, 64)
		if len(want) > 1 && want[0] == '0' && want[1] == '.' {
			want = want[1:]
		} else if len(want) > 2 && want[:3] == "-0." {
			want = "-" + want[2:]
		}
		if got := string(appendNums(nil, prec, v)); got != want+" " {
			t.Fatalf("appendNums(%d, %v) = %q, want %q", prec, v, got, want+" ")
		}
	}
}
