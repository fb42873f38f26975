package demos

type momentScan struct{}

func (s *momentScan) init(rec *Recording) {}
