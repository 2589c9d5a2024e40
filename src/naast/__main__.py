from naast.manage import main

main()
