package demos

import (
	"net"
	"net/http"
	"testing"
	"time"
)

// TestLimitListener: past n open connections Accept waits, and a closed
// connection lets the next in.
func TestLimitListener(t *testing.T) {
	inner, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := newLimitListener(inner, 2)
	defer ln.Close()
	accepted := make(chan net.Conn, 3)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	for range 3 {
		c, err := net.Dial("tcp4", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first := <-accepted
	<-accepted
	select {
	case <-accepted:
		t.Fatal("a third connection was accepted with two open and a limit of two")
	case <-time.After(200 * time.Millisecond):
	}
	first.Close()
	select {
	case c := <-accepted:
		c.Close()
	case <-time.After(10 * time.Second):
		t.Fatal("closing a connection did not let the next in")
	}
}

// TestServeTimeouts: the server app serve starts cuts off clients that send
// nothing, idle ones and ones that never read, and listens on IPv4 alone
// for an IPv4 address.
func TestServeTimeouts(t *testing.T) {
	s, err := NewFileServer("127.0.0.1:0", FileServerConfig{Files: 1, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := s.srv
	if srv.ReadHeaderTimeout <= 0 || srv.IdleTimeout <= 0 || srv.WriteTimeout <= 0 {
		t.Errorf("timeouts: read-header %v, idle %v, write %v", srv.ReadHeaderTimeout, srv.IdleTimeout, srv.WriteTimeout)
	}
	if _, ok := s.ln.(*limitListener); !ok {
		t.Errorf("the listener is %T, not limited", s.ln)
	}
	if network := s.ln.Addr().Network(); network != "tcp" {
		t.Logf("network %s", network)
	}
	resp, err := http.Get(s.URL(0))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
}
