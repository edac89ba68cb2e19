# examgen: `make demo` builds the example exam, `make test` runs the tests (both set everything up first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended texlive-pictures lmodern poppler-utils zbar-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SECRET := examples/demo.secret

.PHONY: demo test tex venv bench images clean

demo: tex venv
	$(BIN)/examgen build examples/exam.toml --roster examples/roster.csv --out out --secret-file $(SECRET) --force
	@echo "Exam PDFs:      $(CURDIR)/out/exams/"
	@echo "Solution PDFs:  $(CURDIR)/out/solutions/"

test: tex venv
	$(BIN)/pytest

# TeX Live and poppler from Debian packages, only when something is missing.
tex:
	@if command -v pdflatex >/dev/null && command -v pdftotext >/dev/null && command -v zbarimg >/dev/null \
	    && kpsewhich lmodern.sty >/dev/null && kpsewhich tikz.sty >/dev/null; then echo "TeX Live: present"; else \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	    --no-install-recommends $(TEX_PACKAGES); fi

# A virtual environment with examgen installed as users get it (not editable) plus the test extras.
venv:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv; }
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	$(BIN)/pip install --quiet --force-reinstall --no-deps .

bench: tex venv
	$(BIN)/python bench/solvers.py
	$(BIN)/python bench/grading.py
	$(BIN)/python bench/build.py

# The README's page images: the example endterm for student 03612345 (cover, page 7, page 7 and 20 of the solutions).
images: tex venv
	rm -rf .images-build
	$(BIN)/examgen build examples/i2dl-endterm.toml --roster examples/roster.csv --out .images-build --secret-file $(SECRET)
	pdftoppm -png -r 80 -singlefile -f 1 -l 1 .images-build/exams/03612345.pdf docs/images/exam-cover
	pdftoppm -png -r 80 -singlefile -f 7 -l 7 .images-build/exams/03612345.pdf docs/images/exam-problem-page
	pdftoppm -png -r 80 -singlefile -f 7 -l 7 .images-build/solutions/03612345.pdf docs/images/solutions-same-page
	pdftoppm -png -r 80 -singlefile -f 20 -l 20 .images-build/solutions/03612345.pdf docs/images/solutions-worked
	rm -rf .images-build

clean:
	rm -rf $(VENV) out build *.egg-info .images-build
