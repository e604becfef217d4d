// Package worker renders maps in itkg-render helper processes.
//
// Graphviz runs as WebAssembly inside go-graphviz, which instantiates its
// module when a program starts, at a cost in time and memory for every
// process that links it, whether it draws anything or not
// (docs/scaling.md). itkg keeps read commands
// fast by not linking it; maps are drawn by a helper, itkg-render, started
// on the first map and fed DOT over a pipe. The helper also makes renders
// stoppable: Graphviz does not honour a context during layout, but a
// process can be killed, so a runaway layout costs a timeout, not a hung
// command or server.
//
// The protocol is framed text on the helper's stdin and stdout:
//
//	request:   "render <layout> <n>\n" followed by n bytes of DOT
//	response:  "ok <n>\n" followed by n bytes of SVG, or
//	           "error <n>\n" followed by an n-byte message
package worker

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HelperName is the helper's executable name.
const HelperName = "itkg-render"

// DefaultTimeout bounds one render.
const DefaultTimeout = 60 * time.Second

// maxFrame bounds one request or response: far above any map itkg draws,
// low enough that a corrupt header cannot make either side allocate
// without limit.
const maxFrame = 256 << 20

// Find locates the helper: $ITKG_RENDER, then itkg-render beside the
// running executable, then on PATH.
func Find() (string, error) {
	if p := os.Getenv("ITKG_RENDER"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("ITKG_RENDER: %w", err)
		}
		return p, nil
	}
	exe, err := os.Executable()
	if err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		p := filepath.Join(filepath.Dir(exe), HelperName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(HelperName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("drawing maps needs the %s helper, found neither beside %s nor on PATH "+
		"(build both with `make build`, or `go install ./cmd/...`; or set ITKG_RENDER)", HelperName, exe)
}

// Pool renders SVG in up to Size helper processes, started on demand and
// kept for later renders. It is safe for concurrent use.
type Pool struct {
	path    string
	timeout time.Duration
	idle    chan *helper // helpers not rendering
	slots   chan struct{}
	mu      sync.Mutex
	all     map[*helper]bool
	closed  bool
}

// NewPool returns a pool of at most size helpers running the executable at
// path, each render bounded by timeout (0 means DefaultTimeout).
func NewPool(path string, size int, timeout time.Duration) *Pool {
	if size < 1 {
		size = 1
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Pool{path: path, timeout: timeout, idle: make(chan *helper, size),
		slots: make(chan struct{}, size), all: map[*helper]bool{}}
}

// ErrClosed is returned by SVG after Close.
var ErrClosed = errors.New("renderer closed")

// SVG renders dot with layout in a helper and writes the SVG to w. When ctx
// ends or the render outlives the pool's timeout, the helper is killed and
// the next render starts a new one.
func (p *Pool) SVG(ctx context.Context, w io.Writer, dot []byte, layout string) error {
	if strings.ContainsAny(layout, " \n") {
		return fmt.Errorf("bad layout name %q", layout)
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	h, err := p.take()
	if err != nil {
		return err
	}
	svg, err := h.render(ctx, dot, layout, p.timeout)
	if err != nil {
		var re *renderError
		if errors.As(err, &re) {
			p.put(h) // Graphviz refused the input; the helper is fine
		} else {
			p.discard(h)
		}
		return err
	}
	p.put(h)
	_, err = w.Write(svg)
	return err
}

func (p *Pool) take() (*helper, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	select {
	case h := <-p.idle:
		return h, nil
	default:
	}
	h, err := start(p.path)
	if err != nil {
		return nil, err
	}
	p.all[h] = true
	return h, nil
}

func (p *Pool) put(h *helper) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		p.discard(h)
		return
	}
	p.idle <- h
}

func (p *Pool) discard(h *helper) {
	h.kill()
	p.mu.Lock()
	delete(p.all, h)
	p.mu.Unlock()
}

// Close stops every helper.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	hs := make([]*helper, 0, len(p.all))
	for h := range p.all {
		hs = append(hs, h)
	}
	p.all = map[*helper]bool{}
	p.mu.Unlock()
	for _, h := range hs {
		h.stop()
	}
	return nil
}

// helper is one running itkg-render.
type helper struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *tail
	done   chan struct{} // closed when the process has exited
}

func start(path string) (*helper, error) {
	cmd := exec.Command(path, "--serve")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	h := &helper{cmd: cmd, stdin: stdin, stdout: bufio.NewReader(stdout), stderr: &tail{}, done: make(chan struct{})}
	cmd.Stderr = h.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	go func() {
		cmd.Wait()
		close(h.done)
	}()
	return h, nil
}

// renderError is Graphviz's own refusal of a map, reported by a helper that
// is still healthy.
type renderError struct{ msg string }

func (e *renderError) Error() string { return e.msg }

func (h *helper) render(ctx context.Context, dot []byte, layout string, timeout time.Duration) ([]byte, error) {
	if layout == "" {
		layout = "dot"
	}
	type result struct {
		svg []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		svg, err := h.exchange(dot, layout)
		ch <- result{svg, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if r.err != nil {
			var re *renderError
			if errors.As(r.err, &re) {
				return nil, r.err
			}
			return nil, h.failure(r.err)
		}
		return r.svg, nil
	case <-ctx.Done():
		h.kill()
		return nil, fmt.Errorf("rendering stopped: %w", ctx.Err())
	case <-timer.C:
		h.kill()
		return nil, fmt.Errorf("rendering stopped after %s: the map is too large for a %s layout; "+
			"draw fewer facts (filters) or use --layout sfdp", timeout, layout)
	}
}

// exchange sends one request and reads its response.
func (h *helper) exchange(dot []byte, layout string) ([]byte, error) {
	if _, err := fmt.Fprintf(h.stdin, "render %s %d\n", layout, len(dot)); err != nil {
		return nil, err
	}
	if _, err := h.stdin.Write(dot); err != nil {
		return nil, err
	}
	status, body, err := ReadFrame(h.stdout)
	if err != nil {
		return nil, err
	}
	switch status {
	case "ok":
		return body, nil
	case "error":
		return nil, &renderError{msg: string(body)}
	}
	return nil, fmt.Errorf("unexpected response %q", status)
}

// failure describes a helper that broke mid-render, with what it printed.
func (h *helper) failure(err error) error {
	select {
	case <-h.done:
	case <-time.After(time.Second):
	}
	msg := strings.TrimSpace(h.stderr.String())
	if msg != "" {
		return fmt.Errorf("%s failed: %w: %s", HelperName, err, msg)
	}
	return fmt.Errorf("%s failed: %w", HelperName, err)
}

func (h *helper) kill() {
	if h.cmd.Process != nil {
		h.cmd.Process.Kill()
	}
	<-h.done
}

// stop closes the helper's input, which ends it, and kills it if it does
// not end at once.
func (h *helper) stop() {
	h.stdin.Close()
	select {
	case <-h.done:
	case <-time.After(2 * time.Second):
		h.kill()
	}
}

// tail keeps the last few kilobytes a helper wrote to stderr.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// ReadFrame reads one "<word> <n>\n" header and its n-byte body.
func ReadFrame(r *bufio.Reader) (word string, body []byte, err error) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", nil, err
	}
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return "", nil, fmt.Errorf("malformed frame header %q", strings.TrimSpace(line))
	}
	n, err := strconv.Atoi(fields[len(fields)-1])
	if err != nil || n < 0 || n > maxFrame {
		return "", nil, fmt.Errorf("malformed frame length in %q", strings.TrimSpace(line))
	}
	body = make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return "", nil, fmt.Errorf("reading a %d-byte frame: %w", n, err)
	}
	return strings.Join(fields[:len(fields)-1], " "), body, nil
}

// RenderFunc renders one map in the helper.
type RenderFunc func(ctx context.Context, w io.Writer, dot []byte, layout string) error

// Serve is the helper's side: it answers requests from in on out until in
// ends, rendering each with render.
func Serve(ctx context.Context, in io.Reader, out io.Writer, render RenderFunc) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for {
		head, dot, err := ReadFrame(r)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		word, layout, _ := strings.Cut(head, " ")
		if word != "render" || layout == "" {
			return fmt.Errorf("unknown request %q", head)
		}
		var svg bytes.Buffer
		status := "ok"
		body := []byte(nil)
		if err := render(ctx, &svg, dot, layout); err != nil {
			status, body = "error", []byte(err.Error())
		} else {
			body = svg.Bytes()
		}
		fmt.Fprintf(w, "%s %d\n", status, len(body))
		w.Write(body)
		if err := w.Flush(); err != nil {
			return err
		}
	}
}
