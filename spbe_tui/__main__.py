from spbe_tui.cli import main

main()
